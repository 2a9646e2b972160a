// Approving: the order is read back from the journal and must still be exactly the order its hash was approved
// under; the approval turns APPROVED and the journal entry INTENDED in one conditional transaction (of two concurrent
// approvals one wins), then the order takes the path every order takes after its claim — fresh contract and quote,
// the send gate (kill switch, live override, risk incl. the placing key's limits, collar, broker ready). A refusal
// there, or ORDERS_ENABLED=false at approval time, makes the approval FAILED with the journal entry NOT_SENT.
import { createHash } from "node:crypto";
import { GatewayError, type OrderResult, type OrderSpec } from "../../domain/index.js";
import type { ApprovalRecord } from "../../store/index.js";
import { userContext, type CallerKey, type GatewayServices, type OperationContext } from "../services.js";
import { canonicalForm } from "../orders/order-identity.js";
import { sendFromClaim } from "../orders/place-order.js";
import { simulate } from "../orders/place-outcomes.js";
import { markNotSent } from "../orders/send-gate.js";
import { approvedOrder } from "./answers.js";
import {
  appendDecision,
  decidedEvent,
  deciderName,
  decisionFacts,
  findApproval,
  nowIso,
  undecidable,
} from "./decisions.js";

type KeyedSpec = OrderSpec & { clientOrderId: string };

export interface ApproveOutcome {
  approval: ApprovalRecord;
  order: OrderResult;
}

export async function approve(
  services: GatewayServices,
  ctx: OperationContext,
  approvalId: string,
): Promise<ApproveOutcome> {
  const record = await findApproval(services, approvalId);
  if (record.status !== "PENDING") throw await undecidable(services, record);
  const at = nowIso(services);
  if (record.expiresAt <= at) throw await undecidable(services, record);
  const spec = await boundOrder(services, record);
  if (spec === null) {
    // Another request (here or in another instance) may have decided it since it was read: that is a 409, not a
    // changed order.
    const fresh = await findApproval(services, approvalId);
    if (fresh.status !== "PENDING") throw await undecidable(services, fresh);
    throw await refuseChanged(services, ctx, record);
  }

  const decidedBy = deciderName(ctx);
  // Marked as being placed before its entry turns INTENDED, so reconciliation never takes it for abandoned.
  services.orders.placing.add(record.clientOrderId);
  try {
    if (!(await grant(services, ctx, record, decidedBy, at))) {
      throw await undecidable(services, await findApproval(services, approvalId));
    }
    return await sendApproved(services, ctx, record, spec, decidedBy);
  } finally {
    services.orders.placing.delete(record.clientOrderId);
  }
}

/**
 * PENDING → APPROVED and the journal entry PENDING_APPROVAL → INTENDED (owned by this process), with the
 * APPROVAL_GRANTED row and the event, in one transaction; false when another decision or the expiry came first.
 */
async function grant(
  services: GatewayServices,
  ctx: OperationContext,
  record: ApprovalRecord,
  decidedBy: string,
  at: string,
): Promise<boolean> {
  return services.store.transaction(async () => {
    const decision = { status: "APPROVED" as const, decidedBy, decidedAt: at };
    if (!(await services.store.decideApproval(record.approvalId, decision, "PENDING", at))) return false;
    if (!(await services.store.startApprovedSend(record.clientOrderId, services.orders.owner, ctx.correlationId))) {
      throw new Error(`journal entry ${record.clientOrderId} is no longer PENDING_APPROVAL`);
    }
    await appendDecision(services, ctx, record, {
      eventType: "APPROVAL_GRANTED",
      eventData: decisionFacts(record, decidedBy),
    });
    await decidedEvent(services, record, "APPROVED", decidedBy, null);
    return true;
  });
}

/** The same steps as a direct placement after its claim, as the placing key (its limits apply), without a token. */
async function sendApproved(
  services: GatewayServices,
  ctx: OperationContext,
  record: ApprovalRecord,
  spec: KeyedSpec,
  decidedBy: string,
): Promise<ApproveOutcome> {
  const { apiKeyFingerprint: _approversKey, ...approverCtx } = ctx;
  const sendCtx: OperationContext = { ...approverCtx, apiKey: placingKey(services, record) };
  let order: OrderResult;
  try {
    order = services.config.ordersEnabled
      ? await sendFromClaim(services, sendCtx, spec, null)
      : await simulated(services, sendCtx, spec);
  } catch (error) {
    await settleAfterSend(services, record, decidedBy, null, error instanceof Error ? error.message : String(error));
    throw error;
  }
  const approval = await settleAfterSend(services, record, decidedBy, order, order.errors.join("; "));
  return { approval, order: { ...order, approval: null } };
}

/** Orders were switched off since the order was placed (a restart with ORDERS_ENABLED=false): nothing is sent. */
async function simulated(services: GatewayServices, ctx: OperationContext, spec: KeyedSpec): Promise<OrderResult> {
  const result = simulate(services, ctx, spec);
  await markNotSent(services, ctx, spec, result.errors.join("; "), result);
  return result;
}

/**
 * After the send: FAILED (with the gate's answer and its reason) when the journal entry ended NOT_SENT, else the
 * order was sent and the approval keeps APPROVED with the send's answer.
 */
async function settleAfterSend(
  services: GatewayServices,
  record: ApprovalRecord,
  decidedBy: string,
  order: OrderResult | null,
  reason: string,
): Promise<ApprovalRecord> {
  try {
    const state = (await services.store.getJournalEntry(record.clientOrderId))?.state;
    const failed = state === "NOT_SENT" || state === "INTENDED";
    await services.store.transaction(async () => {
      const decision = failed
        ? { status: "FAILED" as const, reason: reason === "" ? "The send gate refused the order" : reason }
        : { status: "APPROVED" as const };
      await services.store.decideApproval(record.approvalId, { ...decision, result: order }, "APPROVED");
      if (failed) await decidedEvent(services, record, "FAILED", decidedBy, decision.reason ?? null);
    });
    return (await services.store.getApproval(record.approvalId)) ?? record;
  } catch (error) {
    services.logger.error("Approval outcome could not be recorded", { error, approval_id: record.approvalId });
    return record;
  }
}

/**
 * The order to send: the journalled order, only when the approval, the journal entry and the order's own hash all
 * still agree (nothing in the store was changed since it was requested); null otherwise.
 */
async function boundOrder(services: GatewayServices, record: ApprovalRecord): Promise<KeyedSpec | null> {
  const entry = await services.store.getJournalEntry(record.clientOrderId);
  if (entry === undefined || entry.state !== "PENDING_APPROVAL") return null;
  if (entry.orderHash !== record.orderHash || entry.canonicalOrder !== record.canonicalOrder) return null;
  if (sha256(record.canonicalOrder) !== record.orderHash) return null;
  const order = approvedOrder(record);
  if (order === null) return null;
  const spec = { ...order, clientOrderId: record.clientOrderId };
  return canonicalForm(services, spec) === record.canonicalOrder ? spec : null;
}

/** A stored order that no longer matches its approval is never sent: the approval FAILS and the entry is NOT_SENT. */
async function refuseChanged(
  services: GatewayServices,
  ctx: OperationContext,
  record: ApprovalRecord,
): Promise<GatewayError> {
  const reason =
    "The stored order no longer matches the order this approval was requested for (its hash differs); " +
    "nothing was sent";
  const decidedBy = deciderName(ctx);
  const decided = await services.store.transaction(async () => {
    const decision = { status: "FAILED" as const, decidedBy, decidedAt: nowIso(services), reason };
    if (!(await services.store.decideApproval(record.approvalId, decision, "PENDING"))) return false;
    const change = { state: "NOT_SENT" as const, note: reason };
    await services.store.updateJournal(record.clientOrderId, change, ["PENDING_APPROVAL"]);
    await services.store.append({
      eventType: "ORDER_NOT_SENT",
      eventData: { ...unreadableFacts(record), reason },
      correlationId: ctx.correlationId,
      accountId: null,
      userContext: userContext(ctx),
    });
    await decidedEvent(services, record, "FAILED", decidedBy, reason);
    return true;
  });
  if (!decided) return undecidable(services, await findApproval(services, record.approvalId));
  return new GatewayError("ORDER_PLACEMENT_ERROR", `Approval ${record.approvalId} refused: ${reason}`, {
    details: { approvalId: record.approvalId, orderSent: false },
  });
}

/** The placing key as configured now (its limits may have changed), else as it was when it placed the order. */
function placingKey(services: GatewayServices, record: ApprovalRecord): CallerKey {
  const current = services.config.apiKeys.find((k) => k.name === record.requestedBy);
  if (current !== undefined) {
    const { name, scopes, hash: _hash, ...limits } = current;
    return { name, scopes, limits };
  }
  const saved = (record.requester ?? {}) as Partial<Pick<CallerKey, "scopes" | "limits">>;
  return { name: record.requestedBy, scopes: saved.scopes ?? [], limits: saved.limits ?? {} };
}

/** Order facts for a row about an order that may not read back: what the approval names. */
function unreadableFacts(record: ApprovalRecord) {
  const order = approvedOrder(record);
  return {
    symbol: order?.instrument.symbol ?? "?",
    side: order?.side ?? "?",
    quantity: order?.quantity ?? 0,
    order_type: order?.orderType ?? "?",
    client_order_id: record.clientOrderId,
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
