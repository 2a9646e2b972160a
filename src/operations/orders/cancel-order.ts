// cancel_order: every outcome is a value (HTTP 200); sending the cancel writes ORDER_CANCEL_REQUESTED.
// The CANCELLED transition itself is recorded by the order-event recorder, whoever caused it.
import { CancelResult, GatewayError, type OrderStatus } from "../../domain/index.js";
import { defineOperation } from "../operation.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { appendOrderEvent } from "./order-audit.js";
import { storedOrder } from "./order-lookup.js";
import { OrderIdParams } from "./get-order-status.js";

const WORKING = new Set<OrderStatus["status"]>(["PENDING_SUBMIT", "SUBMITTED", "PARTIALLY_FILLED", "PENDING_CANCEL"]);

export const cancelOrder = defineOperation({
  name: "cancel_order",
  summary: "Cancel a working order; waits up to 3 s for the broker's confirmation",
  input: OrderIdParams,
  output: CancelResult,
  needsBroker: true,
  run: (services, { order_id }, ctx) => cancelById(services, ctx, order_id),
});

export async function cancelById(
  services: GatewayServices,
  ctx: OperationContext,
  orderId: string,
): Promise<CancelResult> {
  try {
    const before = await services.broker.orders.status(orderId);
    if (!before) return await outcomeFromStore(services, orderId);
    const stored = await storedOrder(services, before.orderId);
    const ours = stored !== undefined && stored.apiClientId === services.config.clientId;
    // Written before sending, so the row precedes the ORDER_CANCELLED the broker's answer produces.
    if (WORKING.has(before.status) && ours) await recordRequest(services, ctx, before.orderId);
    const result = await services.broker.orders.cancel(orderId);
    if (!ours && cancelWasSent(result)) await recordRequest(services, ctx, result.orderId);
    return result;
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new GatewayError("ORDER_CANCEL_ERROR", `Order cancellation failed: ${message}`, { cause: error });
  }
}

/** The broker no longer knows the order (e.g. completed before a restart): decide from the stored row. */
async function outcomeFromStore(services: GatewayServices, orderId: string): Promise<CancelResult> {
  const row = await storedOrder(services, orderId);
  const id = row?.orderId ?? orderId;
  if (row?.status === "FILLED")
    return { orderId: id, status: "ALREADY_FILLED", message: "Order has already been filled" };
  if (row?.status === "CANCELLED" || row?.status === "EXPIRED") {
    return { orderId: id, status: "CANCELLED", message: "Order was already cancelled" };
  }
  if (row?.status === "REJECTED") {
    const message = `Order was not active (broker status: ${row.brokerStatus ?? "none"})`;
    return { orderId: id, status: "CANCELLED", message };
  }
  return { orderId, status: "NOT_FOUND", message: `Order ${orderId} not found in registry or open trades` };
}

/** For orders this gateway did not place: only these outcomes follow a cancel actually sent. */
function cancelWasSent(result: CancelResult): boolean {
  const message = result.message ?? "";
  return (
    message.startsWith("Order cancelled (IBKR status") ||
    message.startsWith("Cancel rejected by broker") ||
    message.startsWith("Cancel requested;")
  );
}

async function recordRequest(services: GatewayServices, ctx: OperationContext, orderId: string): Promise<void> {
  const row = await storedOrder(services, orderId);
  const own = /^ord_(\d+)$/.exec(orderId);
  await appendOrderEvent(services, ctx, row?.accountId ?? services.broker.connection.defaultAccount, {
    eventType: "ORDER_CANCEL_REQUESTED",
    eventData: { order_id: orderId, ibkr_order_id: row?.ibkrOrderId ?? (own ? Number(own[1]) : null) },
  });
}
