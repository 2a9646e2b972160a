// place_order: the whole path of an order, top to bottom. Checks that need no broker; the order's identity; a
// replay or 409 for a clientOrderId seen before; confirmation, kill switch, mode; an order that needs a person's
// approval stops there (src/operations/approvals); the journal claim (before anything can leave the process);
// contract and quote; the send gate (the one place an order is sent); and after the send, only state updates.
// docs/ARCHITECTURE.md walks through it.
import {
  checkTif,
  GatewayError,
  OrderResult,
  PlaceOrderRequest,
  validateOrderRules,
  type OrderSpec,
} from "../../domain/index.js";
import type { PlacementResult, SentOrder } from "../../broker/index.js";
import type { UsageFacts } from "../../safety/index.js";
import type { ClaimOutcome, JournalClaim, JournalEntry } from "../../store/index.js";
import { defineOperation, requireReadyBroker } from "../operation.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { priceOrder, type PricedOrder } from "./market-view.js";
import { appendOrderEvent, countOrder, orderFacts, recordPreviewRow } from "./order-audit.js";
import { previewData, storeOrderRows, submitEventData } from "./order-history-rows.js";
import { canonicalForm, differingCanonicalFields, newClientOrderId, orderIdentity } from "./order-identity.js";
import { journalStateOf } from "./reconcile.js";
import { brokerAnswer, replayJournalled } from "./order-replay.js";
import { OPEN_ORDERS_LOCK } from "./order-runtime.js";
import { confirmationRefused, orderResult, rejectInvalid, rejectKillSwitch, simulate } from "./place-outcomes.js";
import { persistWithRetry } from "./persist.js";
import { workingOrderCount } from "./risk.js";
import { journalUnavailable, markNotSent, sendThroughGate, type GateInput } from "./send-gate.js";
import { usageFacts, usageLimitsSet } from "./usage.js";
import { needsApproval, requestApproval } from "../approvals/request-approval.js";
import { orderWarnings } from "./warnings.js";

type KeyedSpec = OrderSpec & { clientOrderId: string };
/** Working orders and position/daily usage, counted under the lock just before the gate. */
type Counts = { openOrders: number | null; usage?: UsageFacts };

export const placeOrder = defineOperation({
  name: "place_order",
  summary: "Place an order after validation, confirmation, kill switch, mode and risk checks",
  input: PlaceOrderRequest,
  output: OrderResult,
  // SIMULATED answers and validation rejections work with the broker down; the path checks the connection itself.
  needsBroker: false,
  async run(services, request, ctx) {
    const { confirmationToken, ...given } = request;
    const token = confirmationToken ?? null;

    // 1. The order on its own: time in force and the order rules. Nothing is journalled for a malformed order.
    const tifError = checkTif(given.tif);
    if (tifError) throw tifError;
    const problems = validateOrderRules(given);
    if (problems.length > 0) return rejectInvalid(services, ctx, given, problems);

    // 2. Identity: every order carries a clientOrderId to the broker (as orderRef), the caller's or a new one.
    const spec: KeyedSpec = { ...given, clientOrderId: given.clientOrderId ?? newClientOrderId(services.clock.now()) };
    const identity = orderIdentity(services, spec);

    // 3. A key seen before answers from the journal (a NOT_SENT entry of the same order may be placed again); a
    //    key the journal does not know but the broker's registry does (a store replaced) replays the broker's order.
    //    An order that went through an approval answers its approval or its outcome, and is never placed again.
    const seen = await readJournal(services, spec.clientOrderId);
    const retry = seen?.state === "NOT_SENT" && seen.orderHash === identity.hash;
    if (seen && (!retry || (await services.store.approvalOfOrder(seen.clientOrderId)))) {
      return replayJournalled(services, seen, identity, ctx.signal);
    }
    const atBroker = seen ? null : knownAtBroker(services, spec.clientOrderId);
    if (atBroker) return atBroker;

    // 4. Checks that need no broker; each is repeated by the send gate where it can change while we wait.
    checkConfirmation(services, ctx, spec, token);
    const killSwitch = services.killSwitch.current();
    if (killSwitch.active) return rejectKillSwitch(services, ctx, spec, killSwitch.reason);
    if (!services.config.ordersEnabled) return simulate(services, ctx, spec);
    requireReadyBroker(services);

    // 4a. A key whose orders need a person's approval: previewed and journalled PENDING_APPROVAL; nothing is sent
    //     until an admin approves it, which then continues at step 6 (src/operations/approvals).
    if (needsApproval(ctx.apiKey)) {
      const requested = await requestApproval(services, { ...ctx, apiKey: ctx.apiKey }, spec, identity, token);
      if ("lost" in requested) return replayJournalled(services, requested.lost, identity, ctx.signal);
      return requested.answer;
    }

    // 5. The claim: one journal row per key, across every process sharing the store. A key the caller chose is
    //    claimed now, before pricing, so a concurrent request with it (here or in another process) waits for this
    //    one's outcome and replays it. A generated key cannot be known to anyone else: it is claimed by the send
    //    gate, in the same step as the send (one write before the socket instead of two).
    const claim: JournalClaim = {
      clientOrderId: spec.clientOrderId,
      orderHash: identity.hash,
      canonicalOrder: identity.canonical,
      accountId: spec.accountId ?? services.broker.connection.defaultAccount,
      apiClientId: services.config.clientId,
      source: ctx.interface,
      owner: services.orders.owner,
      correlationId: ctx.correlationId,
    };
    if (given.clientOrderId !== undefined) {
      const claimed = await claimJournal(services, claim);
      if (!claimed.claimed) return replayJournalled(services, claimed.entry, identity, ctx.signal);
    }

    return sendFromClaim(services, ctx, spec, token, given.clientOrderId === undefined ? claim : undefined);
  },
});

/**
 * Steps 6 to 9 for an order whose journal entry is claimed (INTENDED), or whose generated key the gate claims: the
 * path of every order that leaves the process, also of an approved one (which comes with its entry INTENDED and no
 * token). The entry must be in `services.orders.placing` from its claim on (this marks it as well), so
 * reconciliation never takes it for abandoned.
 */
export async function sendFromClaim(
  services: GatewayServices,
  ctx: OperationContext,
  spec: KeyedSpec,
  token: string | null,
  gateClaim?: JournalClaim,
): Promise<OrderResult> {
  services.orders.placing.add(spec.clientOrderId);
  try {
    return await placeClaimed(services, ctx, spec, token, gateClaim);
  } finally {
    services.orders.placing.delete(spec.clientOrderId);
  }
}

async function claimJournal(services: GatewayServices, claim: JournalClaim): Promise<ClaimOutcome> {
  try {
    return await services.store.claimOrder(claim);
  } catch (cause) {
    services.logger.error("Order journal entry could not be written; nothing was sent", {
      error: cause,
      client_order_id: claim.clientOrderId,
    });
    throw journalUnavailable(claim.clientOrderId, cause);
  }
}

/** The journal entry of a key; a store that cannot be read refuses the placement (nothing is sent unjournalled). */
async function readJournal(services: GatewayServices, clientOrderId: string): Promise<JournalEntry | undefined> {
  try {
    return await services.store.getJournalEntry(clientOrderId);
  } catch (cause) {
    services.logger.error("Order journal could not be read; nothing was sent", {
      error: cause,
      client_order_id: clientOrderId,
    });
    throw journalUnavailable(clientOrderId, cause);
  }
}

function knownAtBroker(services: GatewayServices, clientOrderId: string): OrderResult | null {
  if (services.broker.connection.state !== "ready") return null;
  const status = services.broker.orders.knownByOrderRef(clientOrderId);
  return status ? { ...brokerAnswer(clientOrderId, status), idempotentReplay: true } : null;
}

/**
 * Everything after the claim (or, for a generated key, up to the gate's claim): every way out leaves the journal
 * entry NOT_SENT, SENT and then settled, or UNKNOWN.
 */
async function placeClaimed(
  services: GatewayServices,
  ctx: OperationContext,
  spec: KeyedSpec,
  token: string | null,
  gateClaim: JournalClaim | undefined,
): Promise<OrderResult> {
  let priced: PricedOrder;
  try {
    // 6. Contract, quote and estimates: the awaits during which the kill switch or the caller may change.
    priced = await priceOrder(services, spec, ctx.signal);
    await recordPreviewRow(services, ctx, spec, priced);
  } catch (error) {
    await markNotSent(services, ctx, spec, messageOf(error));
    throw error;
  }
  // 7. Counting working orders and sending must not interleave between two requests, or both could take the last
  //    slot: with MAX_OPEN_ORDERS (or a position or daily limit) set, the count, the gate and the broker's first
  //    answer run one at a time.
  const gate = { spec, token, priced, ...(gateClaim ? { claim: gateClaim } : {}) };
  if (services.config.limits.maxOpenOrders === null && !usageLimitsSet(services)) {
    return gateAndSend(services, ctx, { ...gate, openOrders: null });
  }
  return services.orders.locks.run(OPEN_ORDERS_LOCK, async () => {
    const counts = await countWorking(services, ctx, spec, priced);
    return gateAndSend(services, ctx, { ...gate, ...counts });
  });
}

async function countWorking(
  services: GatewayServices,
  ctx: OperationContext,
  spec: KeyedSpec,
  priced: PricedOrder,
): Promise<Counts> {
  try {
    const openOrders = await workingOrderCount(services, priced.accountId);
    return usageLimitsSet(services) ? { openOrders, usage: await usageFacts(services, priced) } : { openOrders };
  } catch (error) {
    await markNotSent(services, ctx, spec, messageOf(error));
    throw error;
  }
}

async function gateAndSend(services: GatewayServices, ctx: OperationContext, input: GateInput): Promise<OrderResult> {
  const { spec, priced } = input;
  // 8. The send gate: the last checks, the journal's SENT, and the send.
  const endPlacement = services.orders.beginPlacement();
  let gate;
  try {
    gate = await sendThroughGate(services, ctx, input);
  } catch (error) {
    endPlacement();
    throw error;
  }
  if (!gate.sent) {
    endPlacement();
    if (gate.refused) return gate.refused;
    return replayJournalled(services, gate.lost, orderIdentity(services, spec), ctx.signal);
  }
  // 9. After the send, only state updates: the broker's first answer, or UNKNOWN when the connection went.
  let placement: PlacementResult;
  try {
    placement = await services.broker.orders.outcome(gate.sent);
  } catch (error) {
    await recordUnknown(services, ctx, spec, priced, gate.sent, error, endPlacement);
    throw unknownOutcome(spec, gate.sent, error);
  }
  return recordPlacement(services, ctx, spec, priced, placement, endPlacement);
}

/** Step 4: mandatory with REQUIRE_ORDER_CONFIRMATION, checked whenever present (consumed by the gate). */
function checkConfirmation(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  token: string | null,
): void {
  if (token === null) {
    if (services.config.requireOrderConfirmation) throw confirmationRefused(services, ctx, spec, "missing");
    return;
  }
  const canonical = canonicalForm(services, spec);
  const problem = services.orders.tokens.check(token, canonical, services.clock.now());
  if (problem === null) return;
  const previewed = problem === "mismatch" ? services.orders.tokens.orderOf(token) : null;
  const differing = previewed === null ? [] : differingCanonicalFields(previewed, canonical);
  throw confirmationRefused(services, ctx, spec, problem, differing);
}

/**
 * The broker answered: the journal state, the order_history rows and the ORDER_SUBMIT row commit together. A
 * failed write is retried in the background and never turns the live order into a failed answer.
 */
async function recordPlacement(
  services: GatewayServices,
  ctx: OperationContext,
  spec: KeyedSpec,
  priced: PricedOrder,
  placement: PlacementResult,
  endPlacement: () => void,
): Promise<OrderResult> {
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
    fills: placement.fills,
  });
  const warnings = orderWarnings({ spec, ...priced, whatIf: null });
  const state = placement.rejected ? "REJECTED" : journalStateOf(placement.orderStatus.status);
  await persistWithRetry(
    services,
    "placement",
    spec.clientOrderId,
    () =>
      services.store.transaction(async () => {
        const change = { state, orderId: result.orderId, result };
        const moved = await services.store.updateJournal(spec.clientOrderId, change, ["SENT", "UNKNOWN"]);
        // Reconciliation got there first (this write was being retried): it wrote the rows and ORDER_SUBMIT.
        if (!moved && (await services.store.findOrdersByClientOrderId(spec.clientOrderId)).length > 0) return;
        await storeOrderRows(services, ctx, spec, priced, placement, previewData(spec, priced, warnings));
        await appendOrderEvent(services, ctx, priced.accountId, {
          eventType: "ORDER_SUBMIT",
          eventData: { ...orderFacts(spec), ...submitEventData(spec, placement, result) },
        });
        if (placement.rejected) {
          await appendOrderEvent(services, ctx, priced.accountId, {
            eventType: "ORDER_REJECTED",
            eventData: {
              ...orderFacts(spec),
              reject_reason: "BROKER",
              errors: result.errors,
              order_id: result.orderId,
            },
          });
        }
      }),
    endPlacement,
  );
  countOrder(services, "submitted", spec.instrument.symbol, result.status);
  if (placement.rejected) countOrder(services, "rejected", spec.instrument.symbol, "REJECTED");
  return result;
}

/** Sent, then the connection went before the broker answered: UNKNOWN until reconciliation finds the order. */
async function recordUnknown(
  services: GatewayServices,
  ctx: OperationContext,
  spec: KeyedSpec,
  priced: PricedOrder,
  sent: SentOrder,
  error: unknown,
  endPlacement: () => void,
): Promise<void> {
  const orderId = `ord_${sent.ibOrderIds[0] ?? 0}`;
  const result = orderResult(spec, {
    orderId,
    status: "UNKNOWN",
    errors: [`Order sent; its outcome is unknown: ${messageOf(error)}`],
  });
  await persistWithRetry(
    services,
    "unknown outcome",
    spec.clientOrderId,
    () =>
      services.store.transaction(async () => {
        const change = { state: "UNKNOWN" as const, orderId, result, note: messageOf(error) };
        // Already settled (reconciliation found the order meanwhile): its rows tell the story.
        if (!(await services.store.updateJournal(spec.clientOrderId, change, ["SENT"]))) return;
        await appendOrderEvent(services, ctx, priced.accountId, {
          eventType: "ORDER_SUBMIT",
          eventData: {
            ...orderFacts(spec),
            order_id: orderId,
            ibkr_order_id: sent.ibOrderIds[0] ?? null,
            status: null,
            result_status: "UNKNOWN",
          },
        });
      }),
    endPlacement,
  );
}

function unknownOutcome(spec: KeyedSpec, sent: SentOrder, cause: unknown): GatewayError {
  const orderId = `ord_${sent.ibOrderIds[0] ?? 0}`;
  const base = cause instanceof GatewayError ? cause.message : `IBKR connection failed: ${messageOf(cause)}`;
  return new GatewayError("IBKR_CONNECTION_ERROR", base, {
    details: { orderSent: true, status: "UNKNOWN", clientOrderId: spec.clientOrderId, orderId },
    cause,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
