// What /openapi.json (and so the Swagger page) says about each operation route beyond its schemas: a working
// example request — the body Swagger's "Try it out" starts from, or example parameters — and the error answers the
// route can give, with their codes. A test sends every example to the app with the simulator behind it.
import { ERROR_TABLE, type ErrorCode } from "../domain/index.js";

export interface RouteDoc {
  /** A body or parameter set the simulator answers without an error (with orders enabled, in the test's order). */
  example?: Record<string, unknown>;
  /** Error codes this route answers with, besides the ones every route shares (see COMMON_ERRORS). */
  errors: readonly ErrorCode[];
}

const AAPL = { symbol: "AAPL", securityType: "STK" };
const EXAMPLE_APPROVAL = "apr_3q2-7wEvGzJ1cH0Xk9bUaQ";
const LIMIT_ORDER = { instrument: AAPL, side: "BUY", quantity: 1, orderType: "LMT", limitPrice: 50, tif: "DAY" };
const MARKET_DATA_ERRORS: readonly ErrorCode[] = [
  "CONTRACT_RESOLUTION_ERROR",
  "AMBIGUOUS_CONTRACT",
  "MARKET_DATA_PERMISSION_DENIED",
  "NO_DATA",
  "PACING_VIOLATION",
  "IBKR_TIMEOUT",
];
const ORDER_ERRORS: readonly ErrorCode[] = [
  "VALIDATION_ERROR",
  "ORDER_VALIDATION_ERROR",
  "CONTRACT_RESOLUTION_ERROR",
  "AMBIGUOUS_CONTRACT",
  "ACCOUNT_NOT_FOUND",
  "IBKR_TIMEOUT",
];

/** Keyed by `METHOD path` in Fastify's syntax, as in routes.ts. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  "GET /health": { errors: [] },
  "GET /trading-status": { errors: [] },
  "POST /market-data/quote": { example: AAPL, errors: MARKET_DATA_ERRORS },
  "POST /market-data/historical": {
    example: { ...AAPL, barSize: "1h", duration: "5d", whatToShow: "TRADES", rthOnly: true },
    errors: ["VALIDATION_ERROR", ...MARKET_DATA_ERRORS],
  },
  "POST /contracts/resolve": {
    example: { symbol: "MES", securityType: "FUT", exchange: "CME" },
    errors: ["CONTRACT_RESOLUTION_ERROR", "AMBIGUOUS_CONTRACT", "IBKR_TIMEOUT"],
  },
  "GET /account/summary": { example: { account_id: "DU1234567" }, errors: ["ACCOUNT_NOT_FOUND", "ACCOUNT_ERROR"] },
  "GET /account/positions": { example: { account_id: "DU1234567" }, errors: ["ACCOUNT_NOT_FOUND", "ACCOUNT_ERROR"] },
  "GET /account/pnl": {
    example: { account_id: "DU1234567", timeframe: "CURRENT" },
    errors: ["VALIDATION_ERROR", "ACCOUNT_NOT_FOUND", "ACCOUNT_ERROR"],
  },
  "GET /admin/kill-switch": { errors: [] },
  "POST /admin/kill-switch": { example: { active: false }, errors: [] },
  "POST /orders/preview": { example: LIMIT_ORDER, errors: ORDER_ERRORS },
  "POST /orders": {
    example: { ...LIMIT_ORDER, clientOrderId: "example-order-1" },
    errors: [
      "CONFIRMATION_REQUIRED",
      "IDEMPOTENCY_CONFLICT",
      "TRADING_DISABLED",
      "ORDER_PLACEMENT_ERROR",
      "STORE_UNAVAILABLE",
      ...ORDER_ERRORS,
    ],
  },
  "GET /orders/open": { errors: [] },
  "GET /orders/:order_id/status": { example: { order_id: "ord_2" }, errors: ["ORDER_NOT_FOUND"] },
  "POST /orders/:order_id/cancel": { example: { order_id: "ord_2" }, errors: ["ORDER_CANCEL_ERROR"] },
  "GET /approvals": { example: { status: "PENDING", limit: 20 }, errors: [] },
  "GET /approvals/:approval_id": { example: { approval_id: EXAMPLE_APPROVAL }, errors: ["APPROVAL_NOT_FOUND"] },
  "POST /approvals/:approval_id/approve": {
    example: {},
    errors: [
      "APPROVAL_NOT_FOUND",
      "APPROVAL_NOT_PENDING",
      "APPROVAL_EXPIRED",
      "TRADING_DISABLED",
      "ORDER_PLACEMENT_ERROR",
      "IBKR_CONNECTION_ERROR",
      ...ORDER_ERRORS,
    ],
  },
  "POST /approvals/:approval_id/reject": {
    example: { reason: "Too large for this account" },
    errors: ["APPROVAL_NOT_FOUND", "APPROVAL_NOT_PENDING", "APPROVAL_EXPIRED"],
  },
  "GET /audit": {
    example: {
      eventType: "ORDER_SUBMIT",
      correlationId: "4bf92f3577b34da6a3ce929d0e0e4736",
      start: "2026-01-05T00:00:00.000Z",
      end: "2099-01-01T00:00:00.000Z",
      limit: 100,
      offset: 0,
    },
    errors: [],
  },
  "GET /audit/verify": { errors: [] },
  "GET /audit/orders/export": {
    example: {
      format: "csv",
      symbol: "AAPL",
      status: "FILLED",
      start: "2026-01-05T00:00:00.000Z",
      end: "2099-01-01T00:00:00.000Z",
      limit: 1000,
      offset: 0,
    },
    errors: [],
  },
};

/** What every operation route may answer: the edge, the schema, the time limit and the broker connection. */
export function commonErrors(options: { input: boolean; keyed: boolean; broker: boolean }): ErrorCode[] {
  return [
    ...(options.input ? (["BAD_REQUEST", "VALIDATION_ERROR"] as const) : []),
    ...(options.keyed ? (["UNAUTHORIZED", "FORBIDDEN_SCOPE"] as const) : []),
    "RATE_LIMITED",
    "INTERNAL_ERROR",
    "TIMEOUT",
    ...(options.broker ? (["IBKR_CONNECTION_ERROR"] as const) : []),
  ];
}

interface ErrorResponseDoc {
  description: string;
  example: { error_code: ErrorCode; message: string };
}

/** The error answers of a route by HTTP status: each status lists its codes and what they mean. */
export function errorResponses(codes: readonly ErrorCode[]): Record<number, ErrorResponseDoc> {
  const byStatus = new Map<number, { code: ErrorCode; meaning: string }[]>();
  for (const code of new Set(codes)) {
    for (const row of ERROR_TABLE.filter((r) => r.code === code && isRouteStatus(r.status))) {
      const list = byStatus.get(row.status) ?? [];
      list.push({ code, meaning: row.meaning });
      byStatus.set(row.status, list);
    }
  }
  const out: Record<number, ErrorResponseDoc> = {};
  for (const [status, rows] of [...byStatus].sort(([a], [b]) => a - b)) {
    const first = rows[0]!;
    out[status] = {
      description: rows.map((r) => `${r.code}: ${r.meaning}`).join(". "),
      example: { error_code: first.code, message: first.meaning },
    };
  }
  return out;
}

/** Statuses a route answers itself; 414/415/431 and the like come from the HTTP edge and are in docs/errors.md. */
function isRouteStatus(status: number): boolean {
  return ![405, 408, 413, 414, 415, 431].includes(status);
}
