// The send gate: the only place an order leaves the process. Orders pass it one at a time. It re-checks everything
// that can have changed while the request awaited its contract and quote — kill switch, live override file, the caller
// still waiting and within its time limit, broker readiness, the risk limits (global, and the caller's API key's)
// with their reservations — then journals SENT with the reserved broker ids (claiming the key here when it was not
// claimed before pricing). That write is the one await inside the gate: what can change during it (the kill switch,
// the caller, the connection) is checked again, synchronously, immediately before the order is written to the
// socket, and a refusal then turns the entry back to NOT_SENT.
import { GatewayError, type OrderResult, type OrderSpec } from "../../domain/index.js";
import type { SentOrder } from "../../broker/index.js";
import type { JournalClaim, JournalEntry, JournalState } from "../../store/index.js";
import { evaluateRisk, type UsageFacts } from "../../safety/index.js";
import type { GatewayServices, OperationContext } from "../services.js";
import type { PricedOrder } from "./market-view.js";
import { appendOrderEvent, auditAccount, orderFacts } from "./order-audit.js";
import { confirmationRefused, rejectKillSwitch, rejectRisk, requireLiveOverride } from "./place-outcomes.js";
import { riskOrder } from "./risk.js";
import { reserveUsage } from "./usage.js";

/** One order through the gate at a time: broker order ids reach the socket in the order they were reserved. */
const SEND_GATE_LOCK = "\u0000send-gate";

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
export function sendThroughGate(
  services: GatewayServices,
  ctx: OperationContext,
  input: GateInput,
): Promise<GateOutcome> {
  return services.orders.locks.run(SEND_GATE_LOCK, () => passGate(services, ctx, input));
}

async function passGate(services: GatewayServices, ctx: OperationContext, input: GateInput): Promise<GateOutcome> {
  const { spec, priced } = input;
  const key = spec.clientOrderId;
  const checked = await checkGate(services, ctx, input);
  if ("refused" in checked) return { refused: checked.refused };
  const { undo } = checked;

  const prepared = services.broker.orders.prepare(spec, priced.contract);
  try {
    if (input.claim) {
      const claim = await services.store.claimOrder({
        ...input.claim,
        state: "SENT",
        brokerOrderIds: prepared.ibOrderIds,
      });
      if (!claim.claimed) {
        undo();
        return { lost: claim.entry };
      }
    } else {
      const change = { state: "SENT" as const, brokerOrderIds: prepared.ibOrderIds };
      if (!(await services.store.updateJournal(key, change, ["INTENDED"]))) {
        throw new Error(`journal entry ${key} is no longer INTENDED`);
      }
    }
  } catch (cause) {
    undo();
    services.logger.error("Journal entry could not be marked SENT; the order was not sent", {
      error: cause,
      client_order_id: key,
    });
    throw journalUnavailable(key, cause);
  }

  // The journal write was the only wait: whatever may have changed meanwhile is checked again, right before the send.
  const killSwitch = services.killSwitch.current();
  if (killSwitch.active) {
    undo();
    const refused = rejectKillSwitch(services, ctx, spec, killSwitch.reason);
    await markNotSent(services, ctx, spec, refused.errors.join("; "), refused, ["SENT"]);
    return { refused };
  }
  const late = ctx.signal?.aborted
    ? callerGone(ctx.signal)
    : services.broker.connection.state !== "ready"
      ? notConnected(services)
      : null;
  if (late) {
    undo();
    await markNotSent(services, ctx, spec, late.message, undefined, ["SENT"]);
    throw late;
  }
  reserveUsage(services, spec, priced);
  return { sent: services.broker.orders.send(prepared) };
}

type GateCheck = { refused: OrderResult } | { undo: () => void };

/** Every check before the journal write, with the reservations of an order that passes (given back by `undo`). */
async function checkGate(services: GatewayServices, ctx: OperationContext, input: GateInput): Promise<GateCheck> {
  const { spec, priced, token } = input;
  const killSwitch = services.killSwitch.current();
  if (killSwitch.active) {
    const refused = rejectKillSwitch(services, ctx, spec, killSwitch.reason);
    await markNotSent(services, ctx, spec, refused.errors.join("; "), refused);
    return { refused };
  }
  try {
    requireLiveOverride(services, ctx, spec);
  } catch (error) {
    await markNotSent(services, ctx, spec, (error as Error).message, null);
    throw error;
  }
  if (ctx.signal?.aborted) throw await refuse(services, ctx, spec, callerGone(ctx.signal));
  if (services.broker.connection.state !== "ready") {
    throw await refuse(services, ctx, spec, notConnected(services));
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
    await markNotSent(services, ctx, spec, refused.errors.join("; "), refused);
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
    await markNotSent(services, ctx, spec, error.message, null);
    throw error;
  }
  // The point of no return for the time limit: from here the caller gets the real outcome, never a timeout.
  if (ctx.commit && !ctx.commit()) {
    undo();
    throw await refuse(services, ctx, spec, new GatewayError("TIMEOUT", "Request timed out before the order was sent"));
  }
  return { undo };
}

/** The journal could not be written: nothing was sent, and the caller may retry with the same key. */
export function journalUnavailable(clientOrderId: string, cause: unknown): GatewayError {
  return new GatewayError(
    "STORE_UNAVAILABLE",
    "Order placement failed: the order journal could not be written; nothing was sent",
    { cause, details: { clientOrderId, orderSent: false } },
  );
}

/**
 * Journals NOT_SENT, with the answer when the refusal is one (its own audit row is already written, as is the
 * row of a refusal passed as null); otherwise audits ORDER_NOT_SENT with the reason. Never throws.
 */
export async function markNotSent(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec & { clientOrderId: string },
  reason: string,
  result?: OrderResult | null,
  from: readonly JournalState[] = ["INTENDED"],
): Promise<void> {
  try {
    await services.store.updateJournal(
      spec.clientOrderId,
      { state: "NOT_SENT", note: reason, ...(result ? { result } : {}) },
      from,
    );
  } catch (error) {
    // The entry stays INTENDED; reconciliation settles it (nothing was sent).
    services.logger.error("Journal entry could not be marked NOT_SENT", { error, client_order_id: spec.clientOrderId });
  }
  if (result !== undefined) return;
  await appendOrderEvent(services, ctx, auditAccount(services, spec), {
    eventType: "ORDER_NOT_SENT",
    eventData: { ...orderFacts(spec), reason },
  });
}

async function refuse(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec & { clientOrderId: string },
  error: GatewayError,
): Promise<GatewayError> {
  await markNotSent(services, ctx, spec, error.message);
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
