// How each order type decides whether, and at what price, it fills against a quote: touch and limit
// prices, stop triggers on the last price, trailing water marks. MOC and tif OPG orders wait for an auction
// instead (order-flow.ts).

import { roundToTick, type Quote } from "../market/index.js";
import type { OrderRecord } from "./order-book.js";
import type { SimOrder } from "./types.js";

const EPSILON = 1e-9;

/** A price field holds a value: wire "unset" arrives as undefined, NaN or ~1.8e308. */
export function isSet(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && Math.abs(value) < 1e300;
}

/** BUY at the ask, SELL at the bid; the last price when that side is 0; undefined when there is no price. */
export function touchPrice(action: SimOrder["action"], quote: Quote): number | undefined {
  const side = action === "BUY" ? quote.ask : quote.bid;
  if (side > 0) return side;
  return quote.last > 0 ? quote.last : undefined;
}

/** A limit is marketable when the touch is at or better than it; it fills at the touch, never worse. */
function limitFill(action: SimOrder["action"], limit: number | undefined, quote: Quote): number | undefined {
  const touch = touchPrice(action, quote);
  if (touch === undefined || !isSet(limit)) return undefined;
  const marketable = action === "BUY" ? touch <= limit + EPSILON : touch >= limit - EPSILON;
  return marketable ? touch : undefined;
}

function crossed(action: SimOrder["action"], stop: number, last: number): boolean {
  if (last <= 0) return false;
  return action === "BUY" ? last >= stop - EPSILON : last <= stop + EPSILON;
}

function trailCandidate(record: OrderRecord, last: number): number | undefined {
  const { order, instrument } = record;
  const direction = order.action === "SELL" ? -1 : 1;
  if (isSet(order.trailingPercent))
    return roundToTick(last * (1 + (direction * order.trailingPercent) / 100), instrument.minTick);
  if (isSet(order.auxPrice)) return roundToTick(last + direction * order.auxPrice, instrument.minTick);
  return undefined;
}

/** SELL keeps the highest stop seen since acceptance, BUY the lowest; the start is trailStopPrice when given. */
export function updateTrail(record: OrderRecord, quote: Quote): void {
  if (quote.last <= 0) return;
  const candidate = trailCandidate(record, quote.last);
  if (candidate === undefined) return;
  const start = record.trailStop ?? (isSet(record.order.trailStopPrice) ? record.order.trailStopPrice : candidate);
  record.trailStop = record.order.action === "SELL" ? Math.max(start, candidate) : Math.min(start, candidate);
}

function stopTriggered(record: OrderRecord, quote: Quote): boolean {
  if (!record.triggered && isSet(record.order.auxPrice)) {
    record.triggered = crossed(record.order.action, record.order.auxPrice, quote.last);
  }
  return record.triggered;
}

function trailTriggered(record: OrderRecord, quote: Quote): boolean {
  if (record.triggered) return true;
  updateTrail(record, quote);
  if (record.trailStop === undefined || !crossed(record.order.action, record.trailStop, quote.last)) return false;
  record.triggered = true;
  const offset = isSet(record.order.lmtPriceOffset) ? record.order.lmtPriceOffset : 0;
  const limit = record.trailStop + (record.order.action === "SELL" ? -offset : offset);
  record.triggeredLimit = roundToTick(limit, record.instrument.minTick);
  return true;
}

/** The price this order fills at now, or undefined if it must keep waiting. Updates trigger state. */
export function fillPrice(record: OrderRecord, quote: Quote): number | undefined {
  const { action, orderType, lmtPrice } = record.order;
  switch (orderType) {
    case "MKT":
      return touchPrice(action, quote);
    case "LMT":
      return limitFill(action, lmtPrice, quote);
    case "STP":
      return stopTriggered(record, quote) ? touchPrice(action, quote) : undefined;
    case "STP LMT":
      return stopTriggered(record, quote) ? limitFill(action, lmtPrice, quote) : undefined;
    case "TRAIL":
      return trailTriggered(record, quote) ? touchPrice(action, quote) : undefined;
    case "TRAIL LIMIT":
      return trailTriggered(record, quote) ? limitFill(action, record.triggeredLimit, quote) : undefined;
    default:
      return undefined;
  }
}

/** MOC and tif OPG orders fill only in an auction. */
export function isAuctionOrder(order: SimOrder): boolean {
  return order.orderType === "MOC" || order.tif === "OPG";
}
