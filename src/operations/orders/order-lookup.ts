// Finding an order by any id the gateway hands out: the broker's view first (its registry, then its
// open and completed orders), else the order_history row, which survives restarts. Never sends an order.
import { OrderStatusValue, type OrderStatus } from "../../domain/index.js";
import type { OrderRecord } from "../../store/index.js";
import type { GatewayServices } from "../services.js";

export async function findOrderStatus(services: GatewayServices, orderId: string): Promise<OrderStatus | null> {
  const atBroker = await services.broker.orders.status(orderId);
  if (atBroker) return atBroker;
  const stored = await storedOrder(services, orderId);
  return stored ? statusFromRow(stored) : null;
}

/** The returned orderId, the permId as a string, or `ord_<brokerOrderId>` of this client id. */
export async function storedOrder(services: GatewayServices, orderId: string): Promise<OrderRecord | undefined> {
  const { store, config } = services;
  const direct = await store.getOrder(orderId);
  if (direct) return direct;
  if (/^\d+$/.test(orderId)) return store.findOrderByPermId(Number(orderId));
  const own = /^ord_(\d+)$/.exec(orderId);
  return own ? store.findOrderByIbkrOrderId(Number(own[1]), config.clientId) : undefined;
}

function statusFromRow(row: OrderRecord): OrderStatus {
  const status = OrderStatusValue.safeParse(row.status);
  const filled = row.fillData?.filled_quantity ?? 0;
  // Only the entry of a bracket carries the caller's key as its orderRef.
  const isChild = row.role !== null && row.role !== "entry";
  return {
    orderId: row.orderId,
    clientOrderId: isChild ? null : row.clientOrderId,
    status: status.success ? status.data : "SUBMITTED",
    brokerStatus: row.brokerStatus,
    filledQuantity: filled,
    remainingQuantity: Math.max(0, row.quantity - filled),
    avgFillPrice: row.fillData?.avg_fill_price ?? 0,
    lastUpdate: row.updatedAt,
    warnings: status.success ? [] : [`Unrecognised stored status: ${row.status}`],
  };
}
