// Which scope of an API key each operation needs, checked by `invoke` for every interface (REST routes and /mcp
// tools alike); routes that are not operations (the event streams) check theirs at the edge. A call without a key (no key configured, or the local CLI) is not limited here.
import type { ApiKeyScope } from "../config/index.js";
import { GatewayError } from "../domain/index.js";
import type { CallerKey, OperationContext } from "./context.js";
import type { Operation } from "./operation.js";

/**
 * Every operation of the catalog and the scope it needs; null = open to any key. place_order also admits a
 * `propose` key: its orders wait for a person's approval (src/operations/approvals), as do those of a key with
 * approval "required". Deciding an approval needs `admin`.
 */
export const OPERATION_SCOPES: Readonly<Record<string, ApiKeyScope | null>> = {
  health: null,
  get_trading_status: "read",
  get_quote: "read",
  get_historical_data: "read",
  resolve_contract: "read",
  get_account_summary: "read",
  get_positions: "read",
  get_pnl: "read",
  preview_order: "read",
  get_order_status: "read",
  list_open_orders: "read",
  get_kill_switch: "read",
  place_order: "trade",
  cancel_order: "trade",
  set_kill_switch: "admin",
  list_approvals: "admin",
  get_approval: "admin",
  approve_order: "admin",
  reject_order: "admin",
  query_audit: "admin",
  verify_audit: "admin",
  export_orders: "admin",
};

/** Throws 403 FORBIDDEN_SCOPE naming the scope the caller's key lacks. */
export function requireScope(op: Operation, ctx: OperationContext): void {
  const key = ctx.apiKey;
  if (key === undefined) return;
  if (!(op.name in OPERATION_SCOPES)) throw new Error(`operation ${op.name} has no scope in OPERATION_SCOPES`);
  const scope = OPERATION_SCOPES[op.name] ?? null;
  if (scope === null) return;
  // A `propose` key may place orders: they wait for approval instead of being sent.
  if (op.name === "place_order" && key.scopes.includes("propose")) return;
  requireKeyScope(key, scope, op.name);
}

/** Throws 403 FORBIDDEN_SCOPE when `key` lacks `scope`; `what` names what it was needed for (a tool or a route). */
export function requireKeyScope(key: CallerKey, scope: ApiKeyScope, what: string): void {
  if (key.scopes.includes(scope)) return;
  throw new GatewayError("FORBIDDEN_SCOPE", `API key '${key.name}' lacks the '${scope}' scope needed for ${what}`, {
    details: { scope, key: key.name },
  });
}
