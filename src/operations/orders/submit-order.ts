// Steps 10–13 of POST /orders (SPEC §5.1): account, contract, quote and estimates, the risk limits with their
// reservations, the idempotency record, the broker submission and what it leaves behind (rows, metrics).
import { GatewayError, type OrderResult, type OrderSpec } from "../../domain/index.js";
import type { PlacementResult } from "../../broker/index.js";
import { evaluateRisk } from "../../safety/index.js";
import { requireReadyBroker } from "../operation.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { priceOrder, type PricedOrder } from "./market-view.js";
import { appendOrderEvent, countOrder, orderFacts, recordPreviewRow } from "./order-audit.js";
import { previewData, storeOrderRows, submitEventData } from "./order-history-rows.js";
import { OPEN_ORDERS_LOCK } from "./order-runtime.js";
import { confirmationRefused, orderResult, rejectRisk } from "./place-outcomes.js";
import { riskOrder, workingOrderCount } from "./risk.js";
import { orderWarnings } from "./warnings.js";

interface Submission {
  services: GatewayServices;
  ctx: OperationContext;
  spec: OrderSpec;
  token: string | null;
  priced: PricedOrder;
}

export async function submitOrder(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  token: string | null,
): Promise<OrderResult> {
  const priced = await priceOrder(services, spec, ctx.signal);
  recordPreviewRow(services, ctx, spec, priced);
  const submission = { services, ctx, spec, token, priced };
  // Counting working orders and sending must not interleave, or two requests could both take the last slot.
  if (services.config.limits.maxOpenOrders === null) return checkRiskAndSend(submission);
  return services.orders.locks.run(OPEN_ORDERS_LOCK, () => checkRiskAndSend(submission));
}

async function checkRiskAndSend(s: Submission): Promise<OrderResult> {
  const { services, spec, priced } = s;
  const { limits } = services.config;
  const now = services.clock.now();
  // Reserved synchronously, before any await, so concurrent submissions see each other.
  const release = services.orders.rateWindow.tryReserve(now, limits.maxOrdersPerMinute);
  const inWindow = services.orders.rateWindow.count(now) - (release ? 1 : 0);
  const decision = evaluateRisk(riskOrder(spec, priced), {
    limits,
    ordersInLastMinute: inWindow,
    openOrders: await workingOrderCount(services, priced.accountId),
  });
  if (!decision.allowed) {
    release?.();
    return rejectRisk(services, s.ctx, spec, priced.accountId, decision.violations);
  }
  try {
    return await send(s);
  } catch (error) {
    if (!sentButUnknown(error)) release?.();
    throw error;
  }
}

async function send(s: Submission): Promise<OrderResult> {
  const { services, ctx, spec, token } = s;
  requireReadyBroker(services);
  const key = spec.clientOrderId ?? null;
  if (token !== null && !services.orders.tokens.consume(token, services.clock.now())) {
    throw confirmationRefused(services, ctx, spec, "used");
  }
  if (key !== null) recordPending(s, key);
  const endPlacement = services.orders.beginPlacement();
  try {
    const placement = await services.broker.orders.place(spec, s.priced.contract);
    return recordPlacement(s, placement);
  } catch (error) {
    if (sentButUnknown(error)) {
      recordUnknownSubmit(s, error);
    } else {
      if (token !== null) services.orders.tokens.release(token);
      if (key !== null) recordFailure(s, key, error);
    }
    throw placementError(error);
  } finally {
    endPlacement();
  }
}

/** Written before sending: if it cannot be, nothing is sent (SPEC §5.3). */
function recordPending(s: Submission, key: string): void {
  const pending = orderResult(s.spec, { status: "ACCEPTED" });
  try {
    s.services.store.putIdempotency(key, null, pending);
  } catch (cause) {
    if (s.token !== null) s.services.orders.tokens.release(s.token);
    s.services.logger.error("Idempotency record could not be written", { error: cause, client_order_id: key });
    throw new GatewayError("ORDER_PLACEMENT_ERROR", "Order placement failed: could not persist idempotency record", {
      cause,
    });
  }
}

function recordPlacement(s: Submission, placement: PlacementResult): OrderResult {
  const { services, ctx, spec, priced } = s;
  const orderRoles = Object.fromEntries(
    Object.entries(placement.orderRoles).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const result = orderResult(spec, {
    orderId: placement.orderId,
    status: placement.rejected ? "REJECTED" : "ACCEPTED",
    orderStatus: placement.orderStatus,
    errors: placement.errors,
    orderIds: placement.orderIds,
    orderRoles,
    rejectReason: placement.rejected ? "BROKER" : null,
  });
  const warnings = orderWarnings({ spec, ...priced, whatIf: null });
  // What the placement leaves behind commits as one transaction: one disk sync before the answer, not one per row.
  services.store.atomically(() => {
    updateRecord(s, result);
    storeOrderRows(services, ctx, spec, priced, placement, previewData(spec, priced, warnings));
    appendOrderEvent(services, ctx, priced.accountId, {
      eventType: "ORDER_SUBMIT",
      eventData: { ...orderFacts(spec), ...submitEventData(spec, placement, result) },
    });
    if (placement.rejected) {
      appendOrderEvent(services, ctx, priced.accountId, {
        eventType: "ORDER_REJECTED",
        eventData: { ...orderFacts(spec), reject_reason: "BROKER", errors: result.errors, order_id: result.orderId },
      });
    }
  });
  countOrder(services, "submitted", spec.instrument.symbol, result.status);
  if (placement.rejected) countOrder(services, "rejected", spec.instrument.symbol, "REJECTED");
  return result;
}

function updateRecord(s: Submission, result: OrderResult): void {
  const key = s.spec.clientOrderId;
  if (!key) return;
  try {
    s.services.store.updateIdempotency(key, result.orderId, result);
  } catch (error) {
    // The pending record stays; a replay then asks the broker by orderRef.
    s.services.logger.error("Idempotency record could not be completed", { error, client_order_id: key });
  }
}

/** The attempt reached the broker step but nothing was sent: a retry with the key replays this refusal. */
function recordFailure(s: Submission, key: string, error: unknown): void {
  const message = placementError(error).message;
  const failed = orderResult(s.spec, { rejectReason: "BROKER", errors: [message] });
  try {
    s.services.store.updateIdempotency(key, null, failed);
  } catch (cause) {
    s.services.logger.error("Idempotency record could not be completed", { error: cause, client_order_id: key });
  }
}

function recordUnknownSubmit(s: Submission, error: GatewayError): void {
  const ibOrderId = Number(error.details?.["ibOrderId"] ?? 0) || null;
  appendOrderEvent(s.services, s.ctx, s.priced.accountId, {
    eventType: "ORDER_SUBMIT",
    eventData: {
      ...orderFacts(s.spec),
      order_id: null,
      ibkr_order_id: ibOrderId,
      status: null,
      result_status: "UNKNOWN",
    },
  });
}

function sentButUnknown(error: unknown): error is GatewayError {
  return error instanceof GatewayError && error.details?.["orderSent"] === true;
}

function placementError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError("ORDER_PLACEMENT_ERROR", `Order placement failed: ${message}`, { cause: error });
}
