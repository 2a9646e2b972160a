// The raw @stoqey/ib calls each gateway figure is compared with: the same broker requests with no gateway around
// them, completed on the same end markers.
import { EventName } from "@stoqey/ib";

let nextId = 2_000_000;

function once(ib, event, match, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (ib.off(event, handler), reject(new Error(`${event} timed out`))), timeoutMs);
    const handler = (...args) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      ib.off(event, handler);
      resolve(args);
    };
    ib.on(event, handler);
  });
}

export async function rawQuote(ib, contract) {
  const id = nextId++;
  const done = once(ib, EventName.tickSnapshotEnd, (reqId) => reqId === id);
  ib.reqMktData(id, contract, "", true, false);
  await done;
}

export async function rawHistorical(ib, contract) {
  const id = nextId++;
  const done = once(ib, EventName.historicalData, (reqId, time) => reqId === id && String(time).startsWith("finished"));
  ib.reqHistoricalData(id, contract, "", "5 D", "1 hour", "TRADES", 1, 2, false);
  await done;
}

export async function rawAccountSummary(ib) {
  const id = nextId++;
  const done = once(ib, EventName.accountSummaryEnd, (reqId) => Number(reqId) === id);
  ib.reqAccountSummary(
    id,
    "All",
    "NetLiquidation,TotalCashValue,BuyingPower,ExcessLiquidity,MaintMarginReq,InitMarginReq",
  );
  await done;
  ib.cancelAccountSummary(id);
}

export async function rawPositions(ib) {
  const done = once(ib, EventName.positionEnd, () => true);
  ib.reqPositions();
  await done;
  ib.cancelPositions();
}

/** Places a resting limit order and waits for its first status; returns the order id. */
export async function rawPlace(ib, orderId, contract) {
  const done = once(ib, EventName.orderStatus, (id) => id === orderId);
  ib.placeOrder(orderId, contract, {
    action: "BUY",
    orderType: "LMT",
    lmtPrice: 50,
    totalQuantity: 1,
    transmit: true,
    tif: "DAY",
  });
  await done;
}

export async function rawCancel(ib, orderId) {
  const done = once(ib, EventName.orderStatus, (id, status) => id === orderId && status === "Cancelled");
  ib.cancelOrder(orderId);
  await done;
}

export function nextOrderIdFrom(ib) {
  return new Promise((resolve) => {
    ib.once(EventName.nextValidId, (id) => resolve(id));
    ib.reqIds();
  });
}
