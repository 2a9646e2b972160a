// What the connection is built from and tells the outside: its options, status snapshot, the audit-relevant
// connection events, the context handed to ready hooks, and waiting for ready. No state machine here.
import type { EventEmitter } from "node:events";
import { GatewayError, type ConnectionState } from "../domain/index.js";
import type { ConnectAttemptsOptions } from "./connect-attempts.js";
import { notConnected } from "./failures.js";
import type { BrokerLogger, Clock } from "./hooks.js";
import type { IbSession } from "./ib-session.js";
import type { PacingOptions } from "./pacer.js";

export interface ConnectionOptions extends ConnectAttemptsOptions {
  host: string;
  port: number;
  clientId: number;
  logger: BrokerLogger;
  pacing: PacingOptions;
}

export interface ConnectionStatus {
  state: ConnectionState;
  /** ISO time of the last state change. */
  since: string;
  reconnects: number;
  lastError: string | null;
}

/** Why a session became usable: first connect, a new socket after a loss, or a 1101/1102 notice. */
export interface ReadyContext {
  session: IbSession;
  reason: "connected" | "reconnected" | "restored";
  dataLost: boolean;
}

/** What the audit store records as CONNECTION rows. */
export type ConnectionEvent =
  | { type: "connected"; reconnect: boolean }
  | { type: "lost"; reason: string }
  | { type: "restored"; dataLost: boolean };

export interface ConnectionEvents {
  state: [ConnectionStatus];
  connection: [ConnectionEvent];
}

export function statusSnapshot(
  state: ConnectionState,
  nowMs: number,
  reconnects: number,
  lastError: string | null,
): ConnectionStatus {
  return { state, since: new Date(nowMs).toISOString(), reconnects, lastError };
}

/** The last connect failure when there is one (refused, 326 …), else the text. */
export function notReadyError(status: ConnectionStatus, host: string, port: number): GatewayError {
  if (status.lastError === null) return notConnected(host, port, status.state);
  return new GatewayError("IBKR_CONNECTION_ERROR", `IBKR connection failed: ${status.lastError}`, {
    details: { lastError: status.lastError },
  });
}

/** Resolves once `source` reports ready (at once if it is); rejects with `notReady()` after `timeoutMs`. */
export function whenReady(
  source: EventEmitter<ConnectionEvents> & { readonly state: ConnectionState },
  clock: Clock,
  timeoutMs: number,
  notReady: () => Error,
): Promise<void> {
  if (source.state === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onState = (status: ConnectionStatus): void => {
      if (status.state !== "ready") return;
      clock.clearTimeout(handle);
      source.off("state", onState);
      resolve();
    };
    const handle = clock.setTimeout(() => {
      source.off("state", onState);
      reject(notReady());
    }, timeoutMs);
    source.on("state", onState);
  });
}
