// How an approval reads on the wire: the Approval object of the approval routes, the `approval` reference of an
// order's answer, the answer a placement (or a replay) gets while the order waits or once it was refused, and the
// order status of an order that never reached the broker. Pure mapping; nothing here decides or sends.
import type { Approval } from "../../domain/index.js";
import { OrderPreview, OrderResult, OrderSpec, type ApprovalRef, type OrderStatus } from "../../domain/index.js";
import type { ApprovalRecord } from "../../store/index.js";
import { orderResultOf } from "../orders/place-outcomes.js";

export function howToApprove(approvalId: string): string {
  return (
    `A person with an admin key approves it: ibkr-gateway approvals approve ${approvalId}, ` +
    `POST /approvals/${approvalId}/approve, or the dashboard at /ui.`
  );
}

export function approvalRef(record: ApprovalRecord): ApprovalRef {
  return {
    approvalId: record.approvalId,
    expiresAt: record.expiresAt,
    howToApprove: howToApprove(record.approvalId),
  };
}

/** The order as journalled (defaults spelled out), or null when the stored text is not an order. */
export function approvedOrder(record: ApprovalRecord): OrderSpec | null {
  try {
    const parsed = OrderSpec.safeParse(JSON.parse(record.canonicalOrder));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function toApproval(record: ApprovalRecord): Approval {
  const preview = OrderPreview.safeParse(record.preview);
  const result = OrderResult.safeParse(record.result);
  const order = approvedOrder(record);
  return {
    approvalId: record.approvalId,
    status: record.status,
    clientOrderId: record.clientOrderId,
    order,
    orderHash: record.orderHash,
    requestedBy: record.requestedBy,
    requestedAt: record.requestedAt,
    expiresAt: record.expiresAt,
    decidedBy: record.decidedBy,
    decidedAt: record.decidedAt,
    reason: record.reason,
    preview: preview.success ? preview.data : null,
    result: result.success ? result.data : null,
  };
}

/**
 * The answer for the order of an approval that is not (or not yet) sent: PENDING_APPROVAL while it waits; REJECTED
 * with rejectReason APPROVAL once refused or expired; the send gate's answer (or its reason) once FAILED.
 */
export function approvalAnswer(record: ApprovalRecord, replay: boolean): OrderResult {
  const base = { approval: approvalRef(record), idempotentReplay: replay };
  const id = record.approvalId;
  switch (record.status) {
    case "PENDING":
      return orderResultOf(record.clientOrderId, { ...base, status: "PENDING_APPROVAL" });
    case "REJECTED": {
      const why = record.reason === null ? "" : `: ${record.reason}`;
      const message = `Approval ${id} was rejected by ${record.decidedBy ?? "an admin"}${why}; nothing was sent`;
      return orderResultOf(record.clientOrderId, { ...base, rejectReason: "APPROVAL", errors: [message] });
    }
    case "EXPIRED": {
      const message = `Approval ${id} expired at ${record.expiresAt} without a decision; nothing was sent`;
      return orderResultOf(record.clientOrderId, { ...base, rejectReason: "APPROVAL", errors: [message] });
    }
    default: {
      const result = OrderResult.safeParse(record.result);
      if (result.success) return { ...result.data, ...base };
      const errors = record.reason === null ? [] : [record.reason];
      return orderResultOf(record.clientOrderId, {
        ...base,
        status: record.status === "FAILED" ? "REJECTED" : "UNKNOWN",
        errors,
      });
    }
  }
}

/**
 * GET /orders/{clientOrderId}/status of an order that never reached the broker: PENDING_APPROVAL while it waits
 * (the orderId is the clientOrderId, the only id it has), REJECTED when refused or failed, EXPIRED when nobody
 * decided in time.
 */
export function unsentOrderStatus(record: ApprovalRecord): OrderStatus {
  const order = approvedOrder(record);
  const warning =
    record.status === "PENDING"
      ? `Waiting for approval ${record.approvalId} until ${record.expiresAt}; nothing was sent`
      : `Approval ${record.approvalId} is ${record.status}${record.reason === null ? "" : `: ${record.reason}`}; ` +
        "nothing was sent";
  return {
    orderId: record.clientOrderId,
    clientOrderId: record.clientOrderId,
    status: record.status === "PENDING" ? "PENDING_APPROVAL" : record.status === "EXPIRED" ? "EXPIRED" : "REJECTED",
    brokerStatus: null,
    filledQuantity: 0,
    remainingQuantity: order?.quantity ?? 0,
    avgFillPrice: 0,
    lastUpdate: record.decidedAt ?? record.requestedAt,
    warnings: [warning],
  };
}
