// Cancel outcomes: decided from the order's known state where possible, otherwise the cancel is
// sent and the broker's answer awaited for up to 3 s. Every outcome is a value; nothing here throws for them.
import type { CancelResult } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import { ORDER_CANCELLED_NOTICE } from "../tws-error.js";
import { publicOrderId, type OrderRecord } from "./order-record.js";
import type { OrderTracker } from "./order-tracker.js";
import { mapBrokerStatus } from "./status-mapping.js";

export const CANCEL_WAIT_MS = 3000;

/** The outcome without contacting the broker, or null when a cancel must be sent. */
export function cancelOutcomeFromState(
  record: OrderRecord,
  ownClientId: number,
  requestedId: string,
): CancelResult | null {
  const orderId = publicOrderId(record);
  const { status } = mapBrokerStatus(record);
  if (status === "FILLED") return { orderId, status: "ALREADY_FILLED", message: "Order has already been filled" };
  if (status === "CANCELLED" || status === "EXPIRED") {
    return { orderId, status: "CANCELLED", message: "Order was already cancelled" };
  }
  if (status === "REJECTED") {
    return {
      orderId,
      status: "CANCELLED",
      message: `Order was not active (broker status: ${record.brokerStatus ?? "none"})`,
    };
  }
  if (record.clientId !== null && record.clientId !== ownClientId) {
    return {
      orderId,
      status: "REJECTED",
      message: `Order ${requestedId} was placed by API client ${record.clientId}; cancel it from that client`,
    };
  }
  return null;
}

export async function sendCancel(
  connection: Connection,
  tracker: OrderTracker,
  record: OrderRecord,
): Promise<CancelResult> {
  const session = connection.requireReady();
  let brokerError: string | null = null;
  const request = connection.registry.start<void>({
    id: record.ibOrderId,
    operation: "cancel confirmation",
    metric: "cancel_order",
    timeoutMs: CANCEL_WAIT_MS,
    onTimeout: (req) => req.resolve(),
    onError: (error, req) => {
      if (error.code === ORDER_CANCELLED_NOTICE) return;
      brokerError = error.message;
      req.resolve();
    },
  });
  const onUpdate = (updated: OrderRecord): void => {
    const status = mapBrokerStatus(updated).status;
    if (updated === record && (status === "CANCELLED" || status === "EXPIRED" || status === "FILLED"))
      request.resolve();
  };
  tracker.on("update", onUpdate);
  request.onSettle(() => tracker.off("update", onUpdate));
  tracker.markCancelRequested(record);
  session.pacer.urgent(() => session.api.cancelOrder(record.ibOrderId));
  await request.promise;
  return cancelOutcomeAfterWait(record, publicOrderId(record), brokerError);
}

function cancelOutcomeAfterWait(record: OrderRecord, orderId: string, brokerError: string | null): CancelResult {
  const status = mapBrokerStatus(record).status;
  if (status === "FILLED") return { orderId, status: "ALREADY_FILLED", message: "Order has already been filled" };
  if (status === "CANCELLED") {
    return { orderId, status: "CANCELLED", message: `Order cancelled (IBKR status: ${record.brokerStatus ?? ""})` };
  }
  if (brokerError !== null)
    return { orderId, status: "REJECTED", message: `Cancel rejected by broker: ${brokerError}` };
  return {
    orderId,
    status: "PENDING_CANCEL",
    message: `Cancel requested; broker has not confirmed yet (current status: ${record.brokerStatus ?? "none"})`,
  };
}

export function notFound(orderId: string): CancelResult {
  return { orderId, status: "NOT_FOUND", message: `Order ${orderId} not found in registry or open trades` };
}
