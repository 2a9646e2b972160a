// The per-call context of an operation (who asked, through which interface) and the clock type.
// Kept apart from the services so that services and the parts they hold can both depend on it.
import type { UserContext } from "../store/index.js";

export interface Clock {
  now(): number;
}

export type InterfaceName = UserContext["interface"];

export interface OperationContext {
  readonly interface: InterfaceName;
  readonly correlationId: string | null;
  readonly clientIp?: string;
  /** Keyed fingerprint of the API key used (AuditStore.keyFingerprint), when one was. */
  readonly apiKeyFingerprint?: string;
  readonly signal?: AbortSignal;
}

export function userContext(ctx: OperationContext): UserContext {
  return {
    interface: ctx.interface,
    ...(ctx.clientIp === undefined ? {} : { client_ip: ctx.clientIp }),
    ...(ctx.apiKeyFingerprint === undefined ? {} : { api_key_fingerprint: ctx.apiKeyFingerprint }),
  };
}
