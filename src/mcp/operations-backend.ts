// The /mcp endpoint's backend: each gateway call runs its operation in-process through `invoke`, with the same
// input schema, time limit and output schema as the REST route, so both MCP transports answer alike.
import type { z } from "zod";
import { GatewayError } from "../domain/index.js";
import {
  cancelOrder,
  getAccountSummary,
  getHistoricalData,
  HISTORICAL_REQUEST_TIMEOUT_SEC,
  getOrderStatus,
  getPnl,
  getPositions,
  getQuote,
  invoke,
  listOpenOrders,
  placeOrder,
  previewOrder,
  resolveContract,
  tradingStatus,
  type GatewayServices,
  type Operation,
  type OperationContext,
} from "../operations/index.js";
import type { GatewayBackend, GatewayCall, InputLocation, OperationName } from "./gateway-call.js";

const OPERATIONS: Readonly<Record<OperationName, Operation>> = {
  get_quote: getQuote,
  get_historical_data: getHistoricalData,
  resolve_contract: resolveContract,
  get_account_summary: getAccountSummary,
  get_positions: getPositions,
  get_pnl: getPnl,
  get_trading_status: tradingStatus,
  preview_order: previewOrder,
  place_order: placeOrder,
  get_order_status: getOrderStatus,
  cancel_order: cancelOrder,
  list_open_orders: listOpenOrders,
};

export function createOperationsBackend(services: GatewayServices, ctx: OperationContext): GatewayBackend {
  return {
    async call(call: GatewayCall, signal?: AbortSignal) {
      const op = OPERATIONS[call.operation];
      const input = op.input.safeParse(call.input);
      if (!input.success) throw schemaError(call.location, input.error.issues);
      const timeoutSec =
        call.operation === "get_historical_data"
          ? HISTORICAL_REQUEST_TIMEOUT_SEC
          : services.config.apiRequestTimeoutSec;
      const result = await invoke(op, services, input.data, { ...ctx, ...(signal ? { signal } : {}) }, { timeoutSec });
      const output = op.output.safeParse(result);
      if (!output.success) throw new Error(`${op.name} produced an answer that does not match its schema`);
      return JSON.parse(JSON.stringify(output.data)) as unknown;
    },
  };
}

/** The REST 422, so a schema failure reads the same through /mcp as through ibkr-mcp. */
function schemaError(location: InputLocation, issues: readonly z.core.$ZodIssue[]): GatewayError {
  const details = {
    issues: issues.map((issue) => ({
      location: location === "none" ? "query" : location,
      field: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
  return new GatewayError("VALIDATION_ERROR", `Request validation failed: ${issues.length} issue(s)`, { details });
}
