// Ending an approval without a send — rejected by a person, or expired — and what every decision shares: finding the
// approval, the answer when it can no longer be decided, the decision's audit row and its stream event. Each decision
// is one conditional transaction, so of two concurrent deciders (in any process) exactly one wins.
import { GatewayError } from "../../domain/index.js";
import type { ApprovalRecord, AuditEvent } from "../../store/index.js";
import { userContext, type GatewayServices, type OperationContext } from "../services.js";
import { appendStreamEvent } from "../stream/index.js";

/** The approver: the caller's key name (API_KEY acts as `API_KEY`; the local CLI without a key as `cli`). */
export function deciderName(ctx: OperationContext): string {
  return ctx.apiKey?.name ?? ctx.interface;
}

export function nowIso(services: GatewayServices): string {
  return new Date(services.clock.now()).toISOString();
}

export async function findApproval(services: GatewayServices, approvalId: string): Promise<ApprovalRecord> {
  const record = await services.store.getApproval(approvalId);
  if (record === undefined) {
    throw new GatewayError("APPROVAL_NOT_FOUND", `Approval not found: ${approvalId}`, { details: { approvalId } });
  }
  return record;
}

/** The answer when the approval can no longer be decided: expired (swept now if it was not yet), or decided. */
export async function undecidable(services: GatewayServices, record: ApprovalRecord): Promise<GatewayError> {
  const current = (await expireIfDue(services, record)) ?? record;
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

export async function reject(
  services: GatewayServices,
  ctx: OperationContext,
  approvalId: string,
  reason: string | null,
): Promise<ApprovalRecord> {
  const record = await findApproval(services, approvalId);
  if (record.status !== "PENDING") throw await undecidable(services, record);
  const at = nowIso(services);
  const decidedBy = deciderName(ctx);
  const done = await services.store.transaction(async () => {
    const decision = { status: "REJECTED" as const, decidedBy, decidedAt: at, reason };
    if (!(await services.store.decideApproval(record.approvalId, decision, "PENDING", at))) return false;
    const note = `Approval ${record.approvalId} rejected by ${decidedBy}${reason === null ? "" : `: ${reason}`}`;
    await services.store.updateJournal(record.clientOrderId, { state: "NOT_SENT", note }, ["PENDING_APPROVAL"]);
    await appendDecision(services, ctx, record, {
      eventType: "APPROVAL_DENIED",
      eventData: { ...decisionFacts(record, decidedBy), reason },
    });
    await decidedEvent(services, record, "REJECTED", decidedBy, reason);
    return true;
  });
  if (!done) throw await undecidable(services, await findApproval(services, approvalId));
  return findApproval(services, approvalId);
}

/** Expires the approval when it is PENDING and past its time; returns it as it is now, or null when nothing changed. */
export async function expireIfDue(services: GatewayServices, record: ApprovalRecord): Promise<ApprovalRecord | null> {
  const at = nowIso(services);
  if (record.status !== "PENDING" || record.expiresAt > at) return null;
  const expired = await services.store.transaction(async () => {
    const decision = { status: "EXPIRED" as const, decidedAt: at, reason: "Not decided in time" };
    if (!(await services.store.decideApproval(record.approvalId, decision, "PENDING"))) return false;
    const note = `Approval ${record.approvalId} expired at ${record.expiresAt}`;
    await services.store.updateJournal(record.clientOrderId, { state: "NOT_SENT", note }, ["PENDING_APPROVAL"]);
    await services.store.append({
      eventType: "APPROVAL_EXPIRED",
      eventData: {
        approval_id: record.approvalId,
        client_order_id: record.clientOrderId,
        expires_at: record.expiresAt,
      },
      correlationId: null,
      accountId: (await services.store.getJournalEntry(record.clientOrderId))?.accountId ?? null,
      userContext: { interface: "system" },
    });
    await decidedEvent(services, record, "EXPIRED", null, decision.reason);
    return true;
  });
  return expired ? ((await services.store.getApproval(record.approvalId)) ?? null) : null;
}

export function decisionFacts(record: ApprovalRecord, decidedBy: string) {
  return {
    approval_id: record.approvalId,
    client_order_id: record.clientOrderId,
    order_hash: record.orderHash,
    requested_by: record.requestedBy,
    decided_by: decidedBy,
  };
}

/** The decision's audit row, in the caller's transaction: it commits with the state change or not at all. */
export async function appendDecision(
  services: GatewayServices,
  ctx: OperationContext,
  record: ApprovalRecord,
  event: AuditEvent,
): Promise<void> {
  await services.store.append({
    ...event,
    correlationId: ctx.correlationId,
    accountId: (await services.store.getJournalEntry(record.clientOrderId))?.accountId ?? null,
    userContext: userContext(ctx),
  });
}

export async function decidedEvent(
  services: GatewayServices,
  record: ApprovalRecord,
  status: "APPROVED" | "REJECTED" | "EXPIRED" | "FAILED",
  decidedBy: string | null,
  reason: string | null,
): Promise<void> {
  await appendStreamEvent(services.store, services.logger, {
    topic: "orders",
    type: "approval.decided",
    data: { approvalId: record.approvalId, clientOrderId: record.clientOrderId, status, decidedBy, reason },
  });
}
