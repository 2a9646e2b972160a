// Deciding an approval. Approve: the order is read back from the journal and must still be exactly the order its
// hash was approved under; the approval turns APPROVED and the journal entry INTENDED in one transaction (only one
// of two concurrent approvals can win it), then the order takes the path every order takes after its claim —
// fresh contract and quote, the send gate (kill switch, live override, risk incl. the placing key's limits, collar,
// broker ready) — and a refusal there makes the approval FAILED, as does ORDERS_ENABLED=false at approval time.
// Reject and expiry end the entry NOT_SENT.
import { createHash } from "node:crypto";
import { GatewayError, type OrderResult, type OrderSpec } from "../../domain/index.js";
import type { ApprovalRecord, AuditEvent } from "../../store/index.js";
import { userContext, type CallerKey, type GatewayServices, type OperationContext } from "../services.js";
import { canonicalForm } from "../orders/order-identity.js";
import { sendFromClaim } from "../orders/place-order.js";
import { simulate } from "../orders/place-outcomes.js";
import { markNotSent } from "../orders/send-gate.js";
import { appendStreamEvent } from "../stream/index.js";
import { approvedOrder } from "./answers.js";

type KeyedSpec = OrderSpec & { clientOrderId: string };

/** The approver: the caller's key name (API_KEY acts as `API_KEY`; the local CLI without a key as `cli`). */
export function deciderName(ctx: OperationContext): string {
  return ctx.apiKey?.name ?? ctx.interface;
}

export function findApproval(services: GatewayServices, approvalId: string): ApprovalRecord {
  const record = services.store.getApproval(approvalId);
  if (record === undefined) {
    throw new GatewayError("APPROVAL_NOT_FOUND", `Approval not found: ${approvalId}`, { details: { approvalId } });
  }
  return record;
}

/** The answer when the approval can no longer be decided: expired (swept now if it was not yet), or decided. */
function undecidable(services: GatewayServices, record: ApprovalRecord): GatewayError {
  const current = expireIfDue(services, record) ?? record;
  if (current.status === "EXPIRED") {
    return new GatewayError("APPROVAL_EXPIRED", `Approval ${current.approvalId} expired at ${current.expiresAt}`, {
      details: { approvalId: current.approvalId, status: current.status, expiresAt: current.expiresAt },
    });
  }
  const by = current.decidedBy === null ? "" : ` by ${current.decidedBy}`;
  return new GatewayError(
    "APPROVAL_NOT_PENDING",
    `Approval ${current.approvalId} is already ${current.status}${by}; nothing was changed`,
    { details: { approvalId: current.approvalId, status: current.status } },
  );
}

export interface ApproveOutcome {
  approval: ApprovalRecord;
  order: OrderResult;
}

export async function approve(
  services: GatewayServices,
  ctx: OperationContext,
  approvalId: string,
): Promise<ApproveOutcome> {
  const record = findApproval(services, approvalId);
  if (record.status !== "PENDING") throw undecidable(services, record);
  const nowIso = new Date(services.clock.now()).toISOString();
  if (record.expiresAt <= nowIso) throw undecidable(services, record);
  const spec = boundOrder(services, record);
  if (spec === null) throw refuseTampered(services, ctx, record);

  const decidedBy = deciderName(ctx);
  // Marked as being placed before its entry turns INTENDED, so reconciliation never takes it for abandoned.
  services.orders.placing.add(record.clientOrderId);
  try {
    if (!grant(services, ctx, record, decidedBy, nowIso)) {
      throw undecidable(services, findApproval(services, approvalId));
    }
    return await sendApproved(services, ctx, record, spec, decidedBy);
  } finally {
    services.orders.placing.delete(record.clientOrderId);
  }
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
      : simulated(services, sendCtx, spec);
  } catch (error) {
    settleAfterSend(services, record, decidedBy, null, error instanceof Error ? error.message : String(error));
    throw error;
  }
  const approval = settleAfterSend(services, record, decidedBy, order, order.errors.join("; "));
  return { approval, order: { ...order, approval: null } };
}

/**
 * PENDING → APPROVED and the journal entry PENDING_APPROVAL → INTENDED (owned by this process), with the
 * APPROVAL_GRANTED row and the event, in one transaction; false when another decision or the expiry came first.
 */
function grant(
  services: GatewayServices,
  ctx: OperationContext,
  record: ApprovalRecord,
  decidedBy: string,
  nowIso: string,
): boolean {
  return services.store.atomically(() => {
    const decision = { status: "APPROVED" as const, decidedBy, decidedAt: nowIso };
    if (!services.store.decideApproval(record.approvalId, decision, "PENDING", nowIso)) return false;
    if (!services.store.startApprovedSend(record.clientOrderId, services.orders.owner, ctx.correlationId)) {
      throw new Error(`journal entry ${record.clientOrderId} is no longer PENDING_APPROVAL`);
    }
    appendDecision(services, ctx, record, {
      eventType: "APPROVAL_GRANTED",
      eventData: decisionFacts(record, decidedBy),
    });
    decidedEvent(services, record, "APPROVED", decidedBy, null);
    return true;
  });
}

/** Orders were switched off since the order was placed (a restart with ORDERS_ENABLED=false): nothing is sent. */
function simulated(services: GatewayServices, ctx: OperationContext, spec: KeyedSpec): OrderResult {
  const result = simulate(services, ctx, spec);
  markNotSent(services, ctx, spec, result.errors.join("; "), result);
  return result;
}

/**
 * After the send: FAILED (with the gate's answer and its reason) when the journal entry ended NOT_SENT, else the
 * order was sent and the approval keeps APPROVED with the send's answer.
 */
function settleAfterSend(
  services: GatewayServices,
  record: ApprovalRecord,
  decidedBy: string,
  order: OrderResult | null,
  reason: string,
): ApprovalRecord {
  const state = services.store.getJournalEntry(record.clientOrderId)?.state;
  const failed = state === "NOT_SENT" || state === "INTENDED";
  try {
    services.store.atomically(() => {
      const decision = failed
        ? { status: "FAILED" as const, reason: reason === "" ? "The send gate refused the order" : reason }
        : { status: "APPROVED" as const };
      services.store.decideApproval(record.approvalId, { ...decision, result: order }, "APPROVED");
      if (failed) decidedEvent(services, record, "FAILED", decidedBy, decision.reason ?? null);
    });
  } catch (error) {
    services.logger.error("Approval outcome could not be recorded", { error, approval_id: record.approvalId });
  }
  return services.store.getApproval(record.approvalId) ?? record;
}

export function reject(
  services: GatewayServices,
  ctx: OperationContext,
  approvalId: string,
  reason: string | null,
): ApprovalRecord {
  const record = findApproval(services, approvalId);
  if (record.status !== "PENDING") throw undecidable(services, record);
  const nowIso = new Date(services.clock.now()).toISOString();
  const decidedBy = deciderName(ctx);
  const done = services.store.atomically(() => {
    const decision = { status: "REJECTED" as const, decidedBy, decidedAt: nowIso, reason };
    if (!services.store.decideApproval(record.approvalId, decision, "PENDING", nowIso)) return false;
    const note = `Approval ${record.approvalId} rejected by ${decidedBy}${reason === null ? "" : `: ${reason}`}`;
    services.store.updateJournal(record.clientOrderId, { state: "NOT_SENT", note }, ["PENDING_APPROVAL"]);
    appendDecision(services, ctx, record, {
      eventType: "APPROVAL_DENIED",
      eventData: { ...decisionFacts(record, decidedBy), reason },
    });
    decidedEvent(services, record, "REJECTED", decidedBy, reason);
    return true;
  });
  if (!done) throw undecidable(services, findApproval(services, approvalId));
  return findApproval(services, approvalId);
}

/** Expires the approval when it is PENDING and past its time; returns it as it is now, or null when nothing changed. */
export function expireIfDue(services: GatewayServices, record: ApprovalRecord): ApprovalRecord | null {
  const nowIso = new Date(services.clock.now()).toISOString();
  if (record.status !== "PENDING" || record.expiresAt > nowIso) return null;
  const expired = services.store.atomically(() => {
    const decision = { status: "EXPIRED" as const, decidedAt: nowIso, reason: "Not decided in time" };
    if (!services.store.decideApproval(record.approvalId, decision, "PENDING")) return false;
    const note = `Approval ${record.approvalId} expired at ${record.expiresAt}`;
    services.store.updateJournal(record.clientOrderId, { state: "NOT_SENT", note }, ["PENDING_APPROVAL"]);
    services.store.append({
      eventType: "APPROVAL_EXPIRED",
      eventData: {
        approval_id: record.approvalId,
        client_order_id: record.clientOrderId,
        expires_at: record.expiresAt,
      },
      correlationId: null,
      accountId: services.store.getJournalEntry(record.clientOrderId)?.accountId ?? null,
      userContext: { interface: "system" },
    });
    decidedEvent(services, record, "EXPIRED", null, decision.reason);
    return true;
  });
  return expired ? (services.store.getApproval(record.approvalId) ?? null) : null;
}

/**
 * The order to send: the journalled order, only when the approval, the journal entry and the order's own hash all
 * still agree (nothing in the store was changed since it was requested); null otherwise.
 */
function boundOrder(services: GatewayServices, record: ApprovalRecord): KeyedSpec | null {
  const entry = services.store.getJournalEntry(record.clientOrderId);
  if (entry === undefined || entry.state !== "PENDING_APPROVAL") return null;
  if (entry.orderHash !== record.orderHash || entry.canonicalOrder !== record.canonicalOrder) return null;
  if (sha256(record.canonicalOrder) !== record.orderHash) return null;
  const order = approvedOrder(record);
  if (order === null) return null;
  const spec = { ...order, clientOrderId: record.clientOrderId };
  return canonicalForm(services, spec) === record.canonicalOrder ? spec : null;
}

/** A stored order that no longer matches its approval is never sent: the approval FAILS and the entry is NOT_SENT. */
function refuseTampered(services: GatewayServices, ctx: OperationContext, record: ApprovalRecord): GatewayError {
  const reason =
    "The stored order no longer matches the order this approval was requested for (its hash differs); " +
    "nothing was sent";
  services.store.atomically(() => {
    const decision = { status: "FAILED" as const, decidedBy: deciderName(ctx), reason };
    const nowIso = new Date(services.clock.now()).toISOString();
    if (!services.store.decideApproval(record.approvalId, { ...decision, decidedAt: nowIso }, "PENDING")) return;
    services.store.updateJournal(record.clientOrderId, { state: "NOT_SENT", note: reason }, ["PENDING_APPROVAL"]);
    services.store.append({
      eventType: "ORDER_NOT_SENT",
      eventData: { ...unknownFacts(record), reason },
      correlationId: ctx.correlationId,
      accountId: null,
      userContext: userContext(ctx),
    });
    decidedEvent(services, record, "FAILED", decision.decidedBy, reason);
  });
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

function decisionFacts(record: ApprovalRecord, decidedBy: string) {
  return {
    approval_id: record.approvalId,
    client_order_id: record.clientOrderId,
    order_hash: record.orderHash,
    requested_by: record.requestedBy,
    decided_by: decidedBy,
  };
}

/** Order facts for a row about an order that cannot be read back: what the approval names. */
function unknownFacts(record: ApprovalRecord) {
  const order = approvedOrder(record);
  return {
    symbol: order?.instrument.symbol ?? "?",
    side: order?.side ?? "?",
    quantity: order?.quantity ?? 0,
    order_type: order?.orderType ?? "?",
    client_order_id: record.clientOrderId,
  };
}

/** The decision's audit row, in the caller's transaction: it commits with the state change or not at all. */
function appendDecision(
  services: GatewayServices,
  ctx: OperationContext,
  record: ApprovalRecord,
  event: AuditEvent,
): void {
  services.store.append({
    ...event,
    correlationId: ctx.correlationId,
    accountId: services.store.getJournalEntry(record.clientOrderId)?.accountId ?? null,
    userContext: userContext(ctx),
  });
}

function decidedEvent(
  services: GatewayServices,
  record: ApprovalRecord,
  status: "APPROVED" | "REJECTED" | "EXPIRED" | "FAILED",
  decidedBy: string | null,
  reason: string | null,
): void {
  appendStreamEvent(services.store, services.logger, {
    topic: "orders",
    type: "approval.decided",
    data: { approvalId: record.approvalId, clientOrderId: record.clientOrderId, status, decidedBy, reason },
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
