// Audit rows and counters shared by the order operations: the common event_data fields of
// an order request, the row context (correlation id, account, user) and orders_total. Writes never throw.
import type { OrderSpec } from "../../domain/index.js";
import type { AuditEvent } from "../../store/index.js";
import { userContext, type GatewayServices, type OperationContext } from "../services.js";
import type { PricedOrder } from "./market-view.js";

export function orderFacts(spec: OrderSpec) {
  return {
    symbol: spec.instrument.symbol,
    side: spec.side,
    quantity: spec.quantity,
    order_type: spec.orderType,
    client_order_id: spec.clientOrderId ?? null,
  };
}

/** The order's account when known, else the default account (null while the broker never reported one). */
export function auditAccount(services: GatewayServices, spec: OrderSpec): string | null {
  return spec.accountId ?? services.broker.connection.defaultAccount;
}

/** Appends the row (never throws: a failed write is counted and logged). Callers that cannot wait hand the promise to
 *  `services.orders.writes.track`. */
export async function appendOrderEvent(
  services: GatewayServices,
  ctx: OperationContext,
  accountId: string | null,
  event: AuditEvent,
): Promise<void> {
  await services.store.appendSafe({
    ...event,
    correlationId: ctx.correlationId,
    accountId,
    userContext: userContext(ctx),
  });
}

export async function recordPreviewRow(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  priced: PricedOrder,
): Promise<void> {
  const { client_order_id: _notPartOfPreview, ...facts } = orderFacts(spec);
  await appendOrderEvent(services, ctx, priced.accountId, {
    eventType: "ORDER_PREVIEW",
    eventData: {
      ...facts,
      estimated_price: priced.estimatedPrice,
      estimated_notional: priced.estimatedNotional,
      legs_count: priced.legs.length,
    },
  });
}

export type OrderFlowEvent = "preview" | "submitted" | "simulated" | "rejected" | "filled" | "cancelled";

/** orders_total; `status` is the outcome (ACCEPTED, REJECTED, SIMULATED, FILLED, CANCELLED, OK for previews). */
export function countOrder(services: GatewayServices, event: OrderFlowEvent, symbol: string, status: string): void {
  services.metrics.inc("orders_total", { event, symbol, status });
}
