// Approvals on the wire: an order that waits for a person with an admin key, its decision and its outcome, and the
// inputs of the approval routes. Deciding and sending live in src/operations/approvals.
import { z } from "zod";
import { OrderPreview, OrderResult } from "./order-models.js";
import { OrderSpec } from "./order-spec.js";
import { strictObject } from "./strict-object.js";

export const APPROVAL_STATUSES = ["PENDING", "APPROVED", "REJECTED", "EXPIRED", "FAILED"] as const;
export const ApprovalStatus = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const Approval = z.object({
  approvalId: z.string(),
  /**
   * PENDING: waiting for a decision. APPROVED: sent through the send gate (see `result`). REJECTED: refused by a
   * person. EXPIRED: not decided within APPROVAL_TTL_SEC. FAILED: approved, but the send gate refused it.
   */
  status: ApprovalStatus,
  clientOrderId: z.string(),
  order: OrderSpec.nullable().describe(
    "The order as placed, defaults spelled out; the approval can only ever send this order " +
      "(null only when the stored order cannot be read: such an approval can never be granted)",
  ),
  orderHash: z.string().describe("SHA-256 (hex) of the order's canonical form"),
  requestedBy: z.string().describe("Name of the API key that placed the order"),
  requestedAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().nullable().describe("Name of the API key that decided; null while pending or when expired"),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  preview: OrderPreview.nullable().describe("The preview computed when the order was placed"),
  result: OrderResult.nullable().describe("The answer of the send after approval"),
});
export type Approval = z.infer<typeof Approval>;

export const ApprovalIdParams = z.object({
  approval_id: z.string().trim().min(1).max(64).describe("The approvalId a pending order's answer gave (apr_…)"),
});

export const ApprovalListQuery = strictObject({
  status: ApprovalStatus.optional().describe("Only approvals in this status"),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe("At most this many, newest first"),
});

export const ApprovalList = z.object({ approvals: z.array(Approval) });

export const RejectApprovalBody = strictObject({
  reason: z.string().trim().min(1).max(500).optional().describe("Why the order is refused, in words"),
});

/** The body of POST /approvals/{id}/approve: none, or an empty object. */
export const ApproveApprovalBody = strictObject({}).nullish();

export const ApproveResult = z.object({ approval: Approval, order: OrderResult });
export const RejectResult = z.object({ approval: Approval });
