// Step 4 of POST /orders (SPEC §5.3): a clientOrderId seen before returns the recorded result, with its order
// status refreshed from the broker when connected; without a record, an order at the broker with that orderRef
// is returned the same way. Nothing here sends an order.
import { OrderResult, type OrderStatus } from "../../domain/index.js";
import type { GatewayServices } from "../services.js";

export async function findReplay(services: GatewayServices, clientOrderId: string): Promise<OrderResult | null> {
  const recorded = services.store.getIdempotency(clientOrderId);
  const ready = services.broker.connection.state === "ready";
  if (recorded) {
    const parsed = OrderResult.safeParse(recorded.result);
    if (!parsed.success) throw new Error(`Recorded result of ${clientOrderId} is not an OrderResult`);
    const fresh = ready ? await refreshedStatus(services, parsed.data, clientOrderId) : null;
    return replay(parsed.data, fresh);
  }
  if (!ready) return null;
  const atBroker = await services.broker.orders.findByOrderRef(clientOrderId);
  return atBroker ? replay(fromBroker(clientOrderId, atBroker), atBroker) : null;
}

/** The broker's view of the recorded order; null keeps the stored status (unknown to the broker, or no answer). */
async function refreshedStatus(
  services: GatewayServices,
  recorded: OrderResult,
  clientOrderId: string,
): Promise<OrderStatus | null> {
  try {
    // A record still without an orderId was written just before sending and never completed (e.g. a crash).
    return recorded.orderId === null
      ? await services.broker.orders.findByOrderRef(clientOrderId)
      : await services.broker.orders.status(recorded.orderId);
  } catch (error) {
    services.logger.warning("Order status refresh for an idempotent replay failed", { error });
    return null;
  }
}

function replay(result: OrderResult, fresh: OrderStatus | null): OrderResult {
  return {
    ...result,
    orderId: result.orderId ?? fresh?.orderId ?? null,
    orderStatus: fresh ?? result.orderStatus,
    idempotentReplay: true,
  };
}

function fromBroker(clientOrderId: string, status: OrderStatus): OrderResult {
  const refused = status.status === "REJECTED";
  return {
    orderId: status.orderId,
    clientOrderId,
    status: refused ? "REJECTED" : "ACCEPTED",
    orderStatus: status,
    errors: refused ? [...status.warnings] : [],
    orderIds: [],
    orderRoles: {},
    rejectReason: refused ? "BROKER" : null,
    riskViolations: [],
    idempotentReplay: true,
  };
}
