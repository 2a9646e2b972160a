// The approval branch of place_order: an order from a key whose orders need a person's approval (scope `propose`
// without `trade`, or approval "required") is previewed, journalled PENDING_APPROVAL with an approval record bound to
// its hash, and answered 202 PENDING_APPROVAL. Nothing here reaches the broker: approving sends it (approve.ts).
import { randomBytes } from "node:crypto";
import type { OrderResult, OrderPreview, OrderSpec } from "../../domain/index.js";
import type { ApprovalInsert, ApprovalRecord, JournalClaim, JournalEntry } from "../../store/index.js";
import type { CallerKey, GatewayServices, OperationContext } from "../services.js";
import { previewOrder } from "../orders/preview-order.js";
import { orderFacts } from "../orders/order-audit.js";
import type { OrderIdentity } from "../orders/order-identity.js";
import { confirmationRefused } from "../orders/place-outcomes.js";
import { journalUnavailable } from "../orders/send-gate.js";
import { userContext } from "../context.js";
import { appendStreamEvent } from "../stream/index.js";
import { approvalAnswer } from "./answers.js";

type KeyedSpec = OrderSpec & { clientOrderId: string };

/** A key whose orders wait for a person: `propose` without `trade`, or per-key approval "required". */
export function needsApproval(key: CallerKey | undefined): key is CallerKey {
  if (key === undefined) return false;
  const proposes = key.scopes.includes("propose") && !key.scopes.includes("trade");
  return proposes || key.limits.approval === "required";
}

/** `apr_` + 22 URL-safe characters (128 random bits). */
export function newApprovalId(): string {
  return `apr_${randomBytes(16).toString("base64url")}`;
}

export type ApprovalRequestOutcome = { answer: OrderResult } | { lost: JournalEntry };

/**
 * Previews the order, then journals it PENDING_APPROVAL with its approval record, the APPROVAL_REQUESTED row and the
 * `approval.requested` event in one transaction. `lost` when another request holds the clientOrderId (replay it).
 */
export async function requestApproval(
  services: GatewayServices,
  ctx: OperationContext & { apiKey: CallerKey },
  spec: KeyedSpec,
  identity: OrderIdentity,
  token: string | null,
): Promise<ApprovalRequestOutcome> {
  const preview = await previewOrder.run(services, spec, ctx);
  const now = services.clock.now();
  // The approval stands in for the send the token was issued for: it is used up now, not at the send.
  if (token !== null && !services.orders.tokens.consume(token, now)) {
    throw confirmationRefused(services, ctx, spec, "used");
  }
  const claim: JournalClaim = {
    clientOrderId: spec.clientOrderId,
    orderHash: identity.hash,
    canonicalOrder: identity.canonical,
    accountId: services.broker.account.accountId(spec.accountId),
    apiClientId: services.config.clientId,
    source: ctx.interface,
    owner: services.orders.owner,
    correlationId: ctx.correlationId,
    state: "PENDING_APPROVAL",
  };
  const approval: ApprovalInsert = {
    approvalId: newApprovalId(),
    clientOrderId: spec.clientOrderId,
    orderHash: identity.hash,
    canonicalOrder: identity.canonical,
    requestedBy: ctx.apiKey.name,
    requester: { scopes: ctx.apiKey.scopes, limits: ctx.apiKey.limits },
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + services.config.approvalTtlSec * 1000).toISOString(),
    preview: withoutToken(preview),
  };
  let outcome: Awaited<ReturnType<typeof journalPending>>;
  try {
    outcome = await services.store.transaction(() => journalPending(services, ctx, spec, claim, approval));
  } catch (cause) {
    services.logger.error("Order journal entry could not be written; nothing was sent", {
      error: cause,
      client_order_id: spec.clientOrderId,
    });
    throw journalUnavailable(spec.clientOrderId, cause);
  }
  return "lost" in outcome ? outcome : { answer: approvalAnswer(outcome.record, false) };
}

/** Inside the caller's transaction: the claim, the approval row, its audit row and its stream event. */
async function journalPending(
  services: GatewayServices,
  ctx: OperationContext,
  spec: KeyedSpec,
  claim: JournalClaim,
  approval: ApprovalInsert,
): Promise<{ record: ApprovalRecord } | { lost: JournalEntry }> {
  const claimed = await services.store.claimOrder(claim);
  if (!claimed.claimed) return { lost: claimed.entry };
  await services.store.insertApproval(approval);
  await services.store.append({
    eventType: "APPROVAL_REQUESTED",
    eventData: {
      ...orderFacts(spec),
      approval_id: approval.approvalId,
      order_hash: approval.orderHash,
      requested_by: approval.requestedBy,
      expires_at: approval.expiresAt,
    },
    correlationId: ctx.correlationId,
    accountId: claim.accountId,
    userContext: userContext(ctx),
  });
  await appendStreamEvent(services.store, services.logger, {
    topic: "orders",
    type: "approval.requested",
    data: {
      approvalId: approval.approvalId,
      clientOrderId: spec.clientOrderId,
      requestedBy: approval.requestedBy,
      expiresAt: approval.expiresAt,
      symbol: spec.instrument.symbol,
      side: spec.side,
      quantity: spec.quantity,
      orderType: spec.orderType,
    },
  });
  const record = await services.store.getApproval(approval.approvalId);
  if (record === undefined) throw new Error(`approval ${approval.approvalId} was not persisted`);
  return { record };
}

/** The token of the preview computed for the approval is never handed out: the approval replaces it. */
function withoutToken(preview: OrderPreview): OrderPreview {
  return { ...preview, confirmationToken: null, confirmationExpiresAt: null };
}
