// The OpenOrder view: working orders of the managed accounts, broker types mapped back, sorted by
// orderId numerically with `ord_` ids last. Pure.
import type { OpenOrder } from "../../domain/index.js";
import { orderTypeFromBroker } from "./order-mapping.js";
import { publicOrderId, type OrderRecord } from "./order-record.js";
import { isWorking, toOrderStatus } from "./status-mapping.js";

export function toOpenOrder(record: OrderRecord): OpenOrder {
  const status = toOrderStatus(record);
  return {
    orderId: publicOrderId(record),
    clientOrderId: record.orderRef,
    symbol: record.symbol,
    side: record.side,
    quantity: record.quantity,
    orderType: orderTypeFromBroker(record.brokerOrderType, record.tif),
    status: status.status,
    brokerStatus: record.brokerStatus ?? "",
    filledQuantity: status.filledQuantity,
    remainingQuantity: status.remainingQuantity,
    avgFillPrice: status.avgFillPrice,
    limitPrice: record.limitPrice,
    stopPrice: record.stopPrice,
    accountId: record.accountId,
  };
}

function sortKey(orderId: string): [number, number] {
  return /^\d+$/.test(orderId) ? [0, Number(orderId)] : [1, Number(orderId.replace(/^ord_/, "")) || 0];
}

export function buildOpenOrders(records: readonly OrderRecord[], managedAccounts: readonly string[]): OpenOrder[] {
  return records
    .filter((r) => isWorking(toOrderStatus(r).status) && managedAccounts.includes(r.accountId))
    .map(toOpenOrder)
    .sort((a, b) => {
      const [ka, kb] = [sortKey(a.orderId), sortKey(b.orderId)];
      return ka[0] - kb[0] || ka[1] - kb[1];
    });
}
