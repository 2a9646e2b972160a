// The eleven MCP tools in one table: name, the gateway operations each one uses, a description for
// the model, annotations, parameters and request building. Both transports serve exactly this table.
import { z } from "zod";
import { parseHistoricalParams } from "../domain/index.js";
import { defineTool, READ_ONLY, type McpTool } from "./define-tool.js";
import { getCall, orderCall, postCall } from "./gateway-call.js";
import {
  accountIdParam,
  HISTORICAL_ARGUMENT_NAMES,
  instrumentShape,
  orderIdShape,
  orderShape,
  placeOrderShape,
} from "./params.js";
import { instrumentBody, orderBody, placeOrderBody, queryOf } from "./requests.js";
import { McpToolError } from "./tool-result.js";

export const CONFIRMATION_MISSING_MESSAGE =
  "confirmation_token is required: call preview_order with the same parameters first";

type Json = Record<string, unknown>;
const READ_SAFE = "Read-only and safe: it never places, changes or cancels anything.";

export const TOOLS: readonly McpTool[] = [
  defineTool({
    name: "get_quote",
    operations: ["get_quote"],
    description: `Snapshot quote (bid, ask, last, sizes, volume, source) for one instrument. Use it to check a price before an order. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: instrumentShape,
    run: async (a, call) => (await call(postCall("get_quote", "/market-data/quote", instrumentBody(a)))) as Json,
  }),
  defineTool({
    name: "get_historical_data",
    operations: ["get_historical_data"],
    description: `Historical OHLCV bars, oldest first. bar_size e.g. 1m, 5m, 1h, 1d, 1w, 1mo; duration e.g. 1d, 5d, 1w, 1mo, 1y (at least one bar; small bars allow short durations only: 1m up to 1d, 5m up to 1w, 1h up to 1mo, 1d and larger any). ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: {
      ...instrumentShape,
      bar_size: z
        .string()
        .min(1)
        .describe("Bar size: 1s 5s 10s 15s 30s, 1m 2m 3m 5m 10m 15m 20m 30m, 1h 2h 3h 4h 8h, 1d, 1w, 1mo"),
      duration: z.string().min(1).describe("How far back: <n>s, <n>d, <n>w, <n>mo, <n>y, e.g. 5d"),
      what_to_show: z
        .string()
        .min(1)
        .default("TRADES")
        .describe("TRADES, MIDPOINT, BID, ASK, BID_ASK, ADJUSTED_LAST, ..."),
      rth_only: z.boolean().default(true).describe("Only regular trading hours"),
      end_date_time: z
        .string()
        .min(1)
        .optional()
        .describe(
          "End of the window, ISO-8601 with a zone (e.g. 2025-06-02T16:00:00Z), not in the future; default now",
        ),
    },
    run: async (a, call) => {
      // The gateway's own rules, checked here so that their messages name this tool's arguments (bar_size).
      parseHistoricalParams(
        { barSize: a.bar_size, duration: a.duration, whatToShow: a.what_to_show, endDateTime: a.end_date_time },
        Date.now(),
        HISTORICAL_ARGUMENT_NAMES,
      );
      const body: Json = { ...instrumentBody(a), barSize: a.bar_size, duration: a.duration };
      Object.assign(body, { whatToShow: a.what_to_show, rthOnly: a.rth_only });
      if (a.end_date_time !== undefined) body["endDateTime"] = a.end_date_time;
      return (await call(postCall("get_historical_data", "/market-data/historical", body))) as Json;
    },
  }),
  defineTool({
    name: "get_account_status",
    operations: ["get_account_summary", "get_positions"],
    description: `Account summary (net liquidation, cash, buying power, margin) and open positions in one answer. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: { account_id: accountIdParam },
    run: async (a, call) => {
      const query = queryOf({ account_id: a.account_id });
      const [summary, positions] = await Promise.allSettled([
        call(getCall("get_account_summary", "/account/summary", query)),
        call(getCall("get_positions", "/account/positions", query)),
      ]);
      if (summary.status === "rejected") throw summary.reason;
      if (positions.status === "rejected") throw positions.reason;
      const list = (positions.value as { positions: unknown[] }).positions;
      return { summary: summary.value, positions: list, positionCount: list.length };
    },
  }),
  defineTool({
    name: "get_pnl",
    operations: ["get_pnl"],
    description: `Realized and unrealized P&L of the account, in total and per symbol. timeframe CURRENT (default), INTRADAY or 1D. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: {
      account_id: accountIdParam,
      timeframe: z.string().min(1).optional().describe("CURRENT (default), INTRADAY or 1D"),
    },
    run: async (a, call) =>
      (await call(
        getCall("get_pnl", "/account/pnl", queryOf({ account_id: a.account_id, timeframe: a.timeframe })),
      )) as Json,
  }),
  defineTool({
    name: "preview_order",
    operations: ["preview_order"],
    description:
      "Step 1 of every order: validates and estimates it (price, notional, commission, margin, warnings, risk check) " +
      "WITHOUT placing anything, and returns a confirmation_token (valid 5 minutes). Show the preview to the user; " +
      "to place the order call place_order with exactly the same parameters plus that confirmation_token.",
    annotations: READ_ONLY,
    params: orderShape,
    run: async (a, call) => {
      const preview = (await call(postCall("preview_order", "/orders/preview", orderBody(a)))) as Json;
      return { ...preview, confirmation_token: preview["confirmationToken"] };
    },
  }),
  defineTool({
    name: "place_order",
    operations: ["place_order"],
    description:
      "Step 2: places an order previously previewed with preview_order. confirmation_token is REQUIRED and must come " +
      "from a preview of exactly these parameters. Pass client_order_id to make retries safe. When the gateway runs " +
      "with orders disabled the result status is SIMULATED and nothing reaches the broker; REJECTED results explain " +
      "why (validation, kill switch, risk limit, broker). With a key whose orders need a person's approval the " +
      "status is PENDING_APPROVAL: nothing is sent until a person with an admin key approves it (approval." +
      "howToApprove says how; no tool can approve). The kill switch cannot be changed through MCP.",
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    params: placeOrderShape,
    guard: (raw) => {
      const token = raw["confirmation_token"];
      if (token === undefined || (typeof token === "string" && token.trim() === "")) {
        throw new McpToolError("CONFIRMATION_REQUIRED", CONFIRMATION_MISSING_MESSAGE);
      }
    },
    run: async (a, call) => (await call(postCall("place_order", "/orders", placeOrderBody(a)))) as Json,
  }),
  defineTool({
    name: "get_order_status",
    operations: ["get_order_status"],
    description: `Status of one order: status, broker status, filled and remaining quantity, average fill price, broker warnings. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: orderIdShape,
    run: async (a, call) =>
      (await call(orderCall("get_order_status", "GET", "/orders/{order_id}/status", a.order_id))) as Json,
  }),
  defineTool({
    name: "cancel_order",
    operations: ["cancel_order"],
    description:
      "Cancels one working order and waits up to 3 s for the broker's confirmation. Every outcome is a result " +
      "(CANCELLED, ALREADY_FILLED, NOT_FOUND, REJECTED, PENDING_CANCEL); cancelling twice is harmless.",
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    params: orderIdShape,
    run: async (a, call) =>
      (await call(orderCall("cancel_order", "POST", "/orders/{order_id}/cancel", a.order_id))) as Json,
  }),
  defineTool({
    name: "list_open_orders",
    operations: ["list_open_orders"],
    description: `All working orders of the managed accounts (from every API client), with their status and fills. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: {},
    run: async (_a, call) => {
      const orders = (await call(getCall("list_open_orders", "/orders/open"))) as unknown[];
      return { orders, count: orders.length };
    },
  }),
  defineTool({
    name: "get_trading_status",
    operations: ["get_trading_status"],
    description: `What an order would meet right now: trading mode (paper/live), whether orders are enabled, the kill switch, risk limits and the broker connection. Check it before trading. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: {},
    run: async (_a, call) => (await call(getCall("get_trading_status", "/trading-status"))) as Json,
  }),
  defineTool({
    name: "resolve_contract",
    operations: ["resolve_contract"],
    description: `Resolves an instrument description to the broker's contract (conId, exchange, currency, expiry, multiplier, display symbol). Use it to disambiguate futures and options. ${READ_SAFE}`,
    annotations: READ_ONLY,
    params: instrumentShape,
    run: async (a, call) => (await call(postCall("resolve_contract", "/contracts/resolve", instrumentBody(a)))) as Json,
  }),
];
