// One call an MCP tool makes to the gateway, described once so that both transports perform the same request:
// the stdio server sends it over REST, the /mcp endpoint runs the named operation in-process.
// It describes requests only; it neither sends nor runs them.

/** The gateway operations MCP tools use (the operations layer's names; REST routes). */
export type OperationName =
  | "get_quote"
  | "get_historical_data"
  | "resolve_contract"
  | "get_account_summary"
  | "get_positions"
  | "get_pnl"
  | "get_trading_status"
  | "preview_order"
  | "place_order"
  | "get_order_status"
  | "cancel_order"
  | "list_open_orders";

/** Where the operation's input travels in the REST request (as the REST error `details.issues[].location`). */
export type InputLocation = "body" | "query" | "path" | "none";

export interface GatewayCall {
  readonly operation: OperationName;
  readonly method: "GET" | "POST";
  /** REST path with path parameters already substituted and encoded; no query string. */
  readonly path: string;
  /** Query parameters; only those that were given. */
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
  /** What the operation receives in-process: the body, the query or the path parameters. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly location: InputLocation;
}

/** Performs gateway calls for the tools; throws McpToolError on any failure. */
export interface GatewayBackend {
  call(call: GatewayCall, signal?: AbortSignal): Promise<unknown>;
}

export function postCall(operation: OperationName, path: string, body: Record<string, unknown>): GatewayCall {
  return { operation, method: "POST", path, body, input: body, location: "body" };
}

export function getCall(operation: OperationName, path: string, query: Record<string, string> = {}): GatewayCall {
  const hasQuery = Object.keys(query).length > 0;
  return {
    operation,
    method: "GET",
    path,
    ...(hasQuery ? { query } : {}),
    input: query,
    location: hasQuery ? "query" : "none",
  };
}

/** A call on one order: `template` holds `{order_id}`, replaced by the encoded id. */
export function orderCall(
  operation: OperationName,
  method: "GET" | "POST",
  template: string,
  orderId: string,
): GatewayCall {
  const path = template.replace("{order_id}", encodeURIComponent(orderId));
  return { operation, method, path, input: { order_id: orderId }, location: "path" };
}
