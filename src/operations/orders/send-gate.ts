// The send gate: the only place an order leaves the process. One synchronous function, run immediately before the
// order is written to the socket, re-checks everything that can have changed while the request awaited its contract
// and quote — kill switch, live override file, the caller still waiting and within its time limit, broker readiness,
// the risk limits (global, and the caller's API key's) with their reservations — then journals SENT with the
// reserved broker ids (claiming the key here when it was not claimed before pricing) and sends. With no await
// inside, nothing can change between the last check and the send.
import { GatewayError, type OrderResult, type OrderSpec } from "../../domain/index.js";
import type { SentOrder } from "../../broker/index.js";
import type { JournalClaim, JournalEntry } from "../../store/index.js";
import { evaluateRisk, type UsageFacts } from "../../safety/index.js";
import type { GatewayServices, OperationContext } from "../services.js";
import type { PricedOrder } from "./market-view.js";
import { appendOrderEvent, auditAccount, orderFacts } from "./order-audit.js";
import { confirmationRefused, rejectKillSwitch, rejectRisk, requireLiveOverride } from "./place-outcomes.js";
import { riskOrder } from "./risk.js";
import { reserveUsage } from "./usage.js";

export interface GateInput {
  spec: OrderSpec & { clientOrderId: string };
  priced: PricedOrder;
  token: string | null;
  /** Working orders of the account counted just before (null when MAX_OPEN_ORDERS is off or unknown). */
  openOrders: number | null;
  /**
   * The claim to write here, as SENT, for an order not journalled yet (its key was generated, so no other request
   * can race for it); absent when the order was claimed (INTENDED) before it was priced.
   */
  claim?: JournalClaim;
  /** Position and today's usage, gathered in the same serialised step (only with position or daily limits). */
  usage?: UsageFacts;
}

export type GateOutcome =
  | { sent: SentOrder; refused?: never }
  /** A refusal answered as a result (kill switch, risk limit); the journal entry is NOT_SENT. */
  | { sent?: never; refused: OrderResult }
  /** Another request holds the key (only possible for a claim made here). */
  | { sent?: never; refused?: never; lost: JournalEntry };

/**
 * Sends the order or refuses it. A refusal answered as an error (live override gone, caller gone or out of time,
 * broker not ready, token used, journal not writable) is thrown; the journal entry is then NOT_SENT, so the same
 * order may be tried again with the same clientOrderId.
 */
export function sendThroughGate(services: GatewayServices, ctx: OperationContext, input: GateInput): GateOutcome {
  const { spec, priced, token } = input;
  const key = spec.clientOrderId;
  const killSwitch = services.killSwitch.current();
  if (killSwitch.active) {
    const refused = rejectKillSwitch(services, ctx, spec, killSwitch.reason);
    markNotSent(services, ctx, spec, refused.errors.join("; "), refused);
    return { refused };
  }
  try {
    requireLiveOverride(services, ctx, spec);
  } catch (error) {
    markNotSent(services, ctx, spec, (error as Error).message, null);
    throw error;
  }
  if (ctx.signal?.aborted) throw refuse(services, ctx, spec, callerGone(ctx.signal));
  if (services.broker.connection.state !== "ready") {
    throw refuse(services, ctx, spec, notConnected(services));
  }

  const now = services.clock.now();
  const { limits } = services.config;
  const releaseRate = services.orders.rateWindow.tryReserve(now, limits.maxOrdersPerMinute);
  const inWindow = services.orders.rateWindow.count(now) - (releaseRate ? 1 : 0);
  const order = riskOrder(services, spec, priced, input.usage);
  const decision = evaluateRisk(order, { limits, ordersInLastMinute: inWindow, openOrders: input.openOrders });
  // The caller's API key limits, on top of the global ones (reserved here, given back if the order is not sent).
  const keyCheck = services.orders.keyUsage.check(ctx.apiKey, order, now);
  const violations = [...decision.violations, ...keyCheck.violations];
  if (violations.length > 0) {
    releaseRate?.();
    keyCheck.release();
    const refused = rejectRisk(services, ctx, spec, priced.accountId, violations);
    markNotSent(services, ctx, spec, refused.errors.join("; "), refused);
    return { refused };
  }

  const undo = (): void => {
    releaseRate?.();
    keyCheck.release();
    if (token !== null) services.orders.tokens.release(token);
  };
  if (token !== null && !services.orders.tokens.consume(token, now)) {
    releaseRate?.();
    keyCheck.release();
    const error = confirmationRefused(services, ctx, spec, "used");
    markNotSent(services, ctx, spec, error.message, null);
    throw error;
  }
  // The point of no return: from here the caller gets the real outcome, never a timeout.
  if (ctx.commit && !ctx.commit()) {
    undo();
    throw refuse(services, ctx, spec, new GatewayError("TIMEOUT", "Request timed out before the order was sent"));
  }

  const prepared = services.broker.orders.prepare(spec, priced.contract);
  try {
    if (input.claim) {
      const claim = services.store.claimOrder({ ...input.claim, state: "SENT", brokerOrderIds: prepared.ibOrderIds });
      if (!claim.claimed) {
        undo();
        return { lost: claim.entry };
      }
    } else {
      const written = services.store.updateJournal(key, { state: "SENT", brokerOrderIds: prepared.ibOrderIds }, [
        "INTENDED",
      ]);
      if (!written) throw new Error(`journal entry ${key} is no longer INTENDED`);
    }
    reserveUsage(services, spec, priced);
  } catch (cause) {
    undo();
    services.logger.error("Journal entry could not be marked SENT; the order was not sent", {
      error: cause,
      client_order_id: key,
    });
    throw new GatewayError("ORDER_PLACEMENT_ERROR", "Order placement failed: the order journal could not be written", {
      cause,
      details: { clientOrderId: key, orderSent: false },
    });
  }
  return { sent: services.broker.orders.send(prepared) };
}

/**
 * Journals NOT_SENT, with the answer when the refusal is one (its own audit row is already written, as is the
 * row of a refusal passed as null); otherwise audits ORDER_NOT_SENT with the reason. Never throws.
 */
export function markNotSent(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec & { clientOrderId: string },
  reason: string,
  result?: OrderResult | null,
): void {
  try {
    services.store.updateJournal(
      spec.clientOrderId,
      { state: "NOT_SENT", note: reason, ...(result ? { result } : {}) },
      ["INTENDED"],
    );
  } catch (error) {
    // The entry stays INTENDED; reconciliation settles it (nothing was sent).
    services.logger.error("Journal entry could not be marked NOT_SENT", { error, client_order_id: spec.clientOrderId });
  }
  if (result !== undefined) return;
  appendOrderEvent(services, ctx, auditAccount(services, spec), {
    eventType: "ORDER_NOT_SENT",
    eventData: { ...orderFacts(spec), reason },
  });
}

function refuse(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec & { clientOrderId: string },
  error: GatewayError,
): GatewayError {
  markNotSent(services, ctx, spec, error.message);
  return error;
}

function callerGone(signal: AbortSignal): GatewayError {
  const reason: unknown = signal.reason;
  if (reason instanceof GatewayError) return reason;
  return new GatewayError("TIMEOUT", "The caller stopped waiting before the order was sent; it was not sent");
}

function notConnected(services: GatewayServices): GatewayError {
  const { gatewayHost, gatewayPort } = services.config;
  const state = services.broker.connection.state;
  return new GatewayError(
    "IBKR_CONNECTION_ERROR",
    `IBKR connection failed: not connected to IB Gateway at ${gatewayHost}:${gatewayPort} (state: ${state}); ` +
      "the order was not sent",
  );
}
