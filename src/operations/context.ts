// The per-call context of an operation (who asked, through which interface) and the clock type.
// Kept apart from the services so that services and the parts they hold can both depend on it.
import type { ApiKeyLimits, ApiKeyScope } from "../config/index.js";
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
  /** The named key the caller authenticated with (API_KEY is `API_KEY`, every scope); absent when none is needed. */
  readonly apiKey?: CallerKey;
  readonly signal?: AbortSignal;
  /**
   * Claims the point of no return of a request with a time limit (set by `invoke`): false when the limit has already
   * answered the caller (who must then never have anything sent on its behalf); after true, the limit no longer
   * answers for this request and the operation must answer itself, promptly. Synchronous on purpose.
   */
  readonly commit?: () => boolean;
}

export interface CallerKey {
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly limits: ApiKeyLimits;
}

export function userContext(ctx: OperationContext): UserContext {
  return {
    interface: ctx.interface,
    ...(ctx.clientIp === undefined ? {} : { client_ip: ctx.clientIp }),
    ...(ctx.apiKeyFingerprint === undefined ? {} : { api_key_fingerprint: ctx.apiKeyFingerprint }),
    ...(ctx.apiKey === undefined ? {} : { api_key_name: ctx.apiKey.name }),
  };
}
