// What the operations need from the broker adapter, stated in domain terms. The adapter in src/broker satisfies
// it; operations never see @stoqey/ib or request ids.
import type { ConnectionState } from "../domain/index.js";

export interface ConnectionStatus {
  state: ConnectionState;
  /** ISO timestamp of the last state change. */
  since: string;
  reconnects: number;
  lastError: string | null;
}

export interface BrokerPort {
  connectionStatus(): ConnectionStatus;
  /** Broker server time as ISO, or null when not ready or no answer within `timeoutMs` (never throws). */
  serverTime(timeoutMs: number): Promise<string | null>;
  /** First managed account reported at connect; null before the first connect. */
  defaultAccount(): string | null;
  /** Cancels every open order at the broker (all clients); resolves with how many were working. */
  globalCancel(): Promise<number>;
}
