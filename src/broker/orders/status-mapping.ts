// Broker order status → the gateway's OrderStatus. Pure.
import type { OrderStatus, OrderStatusValue } from "../../domain/index.js";
import { publicOrderId, type OrderRecord } from "./order-record.js";

const PENDING = new Set(["PendingSubmit", "ApiPending"]);
const WORKING = new Set(["PreSubmitted", "Submitted"]);
const CANCELLED = new Set(["Cancelled", "ApiCancelled"]);
const REJECTED = new Set(["Inactive", "ValidationError"]);
const EXPIRING_TIFS = new Set(["IOC", "FOK"]);

/** The mapped status, plus a warning when the broker used a word the contract does not know. */
export function mapBrokerStatus(record: OrderRecord): { status: OrderStatusValue; warning: string | null } {
  const s = record.brokerStatus;
  const remaining = record.remaining ?? record.quantity - record.filled;
  if (record.rejected || (s !== null && REJECTED.has(s))) return { status: "REJECTED", warning: null };
  if (s === null || PENDING.has(s)) return { status: "PENDING_SUBMIT", warning: null };
  if (s === "PendingCancel") return { status: "PENDING_CANCEL", warning: null };
  if (WORKING.has(s)) {
    return { status: record.filled > 0 && remaining > 0 ? "PARTIALLY_FILLED" : "SUBMITTED", warning: null };
  }
  if (s === "Filled") return { status: "FILLED", warning: null };
  if (CANCELLED.has(s)) {
    const expired = EXPIRING_TIFS.has(record.tif) && !record.cancelRequested;
    return { status: expired ? "EXPIRED" : "CANCELLED", warning: null };
  }
  return { status: "SUBMITTED", warning: `Unrecognised broker status: ${s}` };
}

/** Working orders as GET /orders/open counts them. */
export function isWorking(status: OrderStatusValue): boolean {
  return (
    status === "PENDING_SUBMIT" ||
    status === "SUBMITTED" ||
    status === "PARTIALLY_FILLED" ||
    status === "PENDING_CANCEL"
  );
}

export function toOrderStatus(record: OrderRecord): OrderStatus {
  const { status, warning } = mapBrokerStatus(record);
  return {
    orderId: publicOrderId(record),
    clientOrderId: record.orderRef,
    status,
    brokerStatus: record.brokerStatus,
    filledQuantity: record.filled,
    remainingQuantity: Math.max(0, record.remaining ?? record.quantity - record.filled),
    avgFillPrice: record.avgFillPrice,
    lastUpdate: new Date(record.lastUpdateMs).toISOString(),
    warnings: warning ? [...record.warnings, warning] : [...record.warnings],
  };
}
