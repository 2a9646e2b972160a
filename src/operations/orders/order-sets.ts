// Order sets, a package API without a REST route: cancel several orders as one, or read their
// statuses. Built on the same cancel and lookup paths as the single-order operations.
import type { CancelResult, OrderStatus } from "../../domain/index.js";
import { GatewayError } from "../../domain/index.js";
import { requireReadyBroker } from "../operation.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { cancelById } from "./cancel-order.js";
import { findOrderStatus } from "./order-lookup.js";

const SYSTEM: OperationContext = { interface: "system", correlationId: null };

export async function cancelOrderSet(
  services: GatewayServices,
  orderIds: readonly string[],
  ctx: OperationContext = SYSTEM,
): Promise<CancelResult> {
  const [first] = orderIds;
  if (first === undefined) return { orderId: "", status: "NOT_FOUND", message: "No order IDs provided" };
  requireReadyBroker(services);
  const outcomes = await Promise.allSettled(orderIds.map((id) => cancelById(services, ctx, id)));
  const results = outcomes.map((o) => (o.status === "fulfilled" ? o.value : null));
  const count = (...statuses: CancelResult["status"][]) =>
    results.filter((r) => r !== null && statuses.includes(r.status)).length;
  const cancelled = count("CANCELLED", "PENDING_CANCEL");
  const failed = count("REJECTED") + results.filter((r) => r === null).length;
  if (count("NOT_FOUND") === results.length) {
    return { orderId: first, status: "NOT_FOUND", message: "No orders found in set" };
  }
  if (failed > 0) {
    return {
      orderId: first,
      status: "REJECTED",
      message: `Partially cancelled: ${cancelled} cancelled, ${failed} failed`,
    };
  }
  const filled = count("ALREADY_FILLED");
  return {
    orderId: first,
    status: "CANCELLED",
    message: `Order set cancelled: ${cancelled} cancelled, ${filled} already filled`,
  };
}

export async function getOrderSetStatus(
  services: GatewayServices,
  orderIds: readonly string[],
): Promise<OrderStatus[]> {
  if (orderIds.length === 0) return [];
  requireReadyBroker(services);
  const statuses = await Promise.all(orderIds.map((id) => findOrderStatus(services, id)));
  const found = statuses.filter((s): s is OrderStatus => s !== null);
  if (found.length === 0) {
    throw new GatewayError("ORDER_NOT_FOUND", `None of the orders found: [${orderIds.join(", ")}]`);
  }
  return found;
}
