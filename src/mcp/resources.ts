// The MCP resources in one table: fixed URIs and URI templates, each read through the same gateway calls the tools
// make (so REST and in-process backends answer alike, and the `read` scope applies as for the matching tools).
// It parses URIs and reads; which events change a resource is decided in resource-events.ts.
import type { GatewayCall } from "./gateway-call.js";
import { getCall, orderCall, postCall } from "./gateway-call.js";

export const RESOURCE_MIME_TYPE = "application/json";

export interface FixedResource {
  readonly uri: string;
  readonly name: string;
  readonly description: string;
}

export interface ResourceTemplateDef {
  readonly uriTemplate: string;
  readonly name: string;
  readonly description: string;
}

export const FIXED_RESOURCES: readonly FixedResource[] = [
  {
    uri: "ibkr://account/summary",
    name: "account-summary",
    description: "Account summary: net liquidation, cash, buying power, margin (as get_account_status)",
  },
  { uri: "ibkr://account/positions", name: "account-positions", description: "Open positions of the account" },
  {
    uri: "ibkr://account/pnl",
    name: "account-pnl",
    description: "Realized and unrealized P&L, in total and per symbol",
  },
  { uri: "ibkr://orders/open", name: "open-orders", description: "All working orders with their status and fills" },
  {
    uri: "ibkr://trading-status",
    name: "trading-status",
    description: "Trading mode, orders enabled, kill switch, risk limits and the broker connection",
  },
];

export const RESOURCE_TEMPLATES: readonly ResourceTemplateDef[] = [
  {
    uriTemplate: "ibkr://orders/{orderId}",
    name: "order",
    description: "Status of one order by the gateway's order id (as get_order_status)",
  },
  {
    uriTemplate: "ibkr://quotes/{symbol}",
    name: "quote",
    description: "Snapshot quote of a stock symbol (as get_quote with security_type STK)",
  },
];

/** A resource URI understood: what it names. */
export type ResourceRef =
  | { readonly kind: "summary" | "positions" | "pnl" | "open-orders" | "trading-status" }
  | { readonly kind: "order"; readonly orderId: string }
  | { readonly kind: "quote"; readonly symbol: string };

const FIXED_KINDS: Readonly<Record<string, ResourceRef>> = {
  "ibkr://account/summary": { kind: "summary" },
  "ibkr://account/positions": { kind: "positions" },
  "ibkr://account/pnl": { kind: "pnl" },
  "ibkr://orders/open": { kind: "open-orders" },
  "ibkr://trading-status": { kind: "trading-status" },
};

const SEGMENT = /^[A-Za-z0-9._~%-]{1,64}$/;

/** The resource a URI names, or null when it names none. */
export function parseResourceUri(uri: string): ResourceRef | null {
  const fixed = FIXED_KINDS[uri];
  if (fixed !== undefined) return fixed;
  const match = /^ibkr:\/\/(orders|quotes)\/([^/?#]+)$/.exec(uri);
  if (match === null || !SEGMENT.test(match[2]!)) return null;
  let value: string;
  try {
    value = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  if (match[1] === "orders") return { kind: "order", orderId: value };
  return { kind: "quote", symbol: value.toUpperCase() };
}

export const orderUri = (orderId: string) => `ibkr://orders/${encodeURIComponent(orderId)}`;
export const quoteUri = (symbol: string) => `ibkr://quotes/${encodeURIComponent(symbol.toUpperCase())}`;

/** The gateway call that reads a resource: the same request the matching tool makes. */
export function readCall(ref: ResourceRef): GatewayCall {
  switch (ref.kind) {
    case "summary":
      return getCall("get_account_summary", "/account/summary");
    case "positions":
      return getCall("get_positions", "/account/positions");
    case "pnl":
      return getCall("get_pnl", "/account/pnl");
    case "open-orders":
      return getCall("list_open_orders", "/orders/open");
    case "trading-status":
      return getCall("get_trading_status", "/trading-status");
    case "order":
      return orderCall("get_order_status", "GET", "/orders/{order_id}/status", ref.orderId);
    case "quote":
      return postCall("get_quote", "/market-data/quote", { symbol: ref.symbol, securityType: "STK" });
  }
}
