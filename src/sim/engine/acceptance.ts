// Order acceptance rules that end in error 201: contract, account, quantity, required prices and
// time-in-force combinations. Returns the reason text only; the id rules (103/104) are checked by the engine.

import type { Instrument } from "../market/index.js";
import { isLive, type OrderRecord } from "./order-book.js";
import { isSet } from "./order-types.js";
import type { SimOrder } from "./types.js";

const ORDER_TYPES = ["MKT", "LMT", "STP", "STP LMT", "TRAIL", "TRAIL LIMIT", "MOC"] as const;
const TIFS = ["DAY", "GTC", "IOC", "FOK", "OPG"];

function positive(value: number | undefined): boolean {
  return isSet(value) && value > 0;
}

function missingPrice(order: SimOrder): string | undefined {
  const type = order.orderType;
  const needsLimit = type === "LMT" || type === "STP LMT";
  const needsStop = type === "STP" || type === "STP LMT";
  const trailing = type === "TRAIL" || type === "TRAIL LIMIT";
  if (needsLimit && !positive(order.lmtPrice)) return `${type} orders require a limit price`;
  if (needsStop && !positive(order.auxPrice)) return `${type} orders require a stop price`;
  if (trailing && !positive(order.auxPrice) && !positive(order.trailingPercent)) {
    return `${type} orders require a trailing amount or a trailing percent`;
  }
  if (type === "TRAIL LIMIT" && !(isSet(order.lmtPriceOffset) && order.lmtPriceOffset >= 0)) {
    return "TRAIL LIMIT orders require a limit price offset";
  }
  return undefined;
}

function timeInForceProblem(order: SimOrder): string | undefined {
  if (!TIFS.includes(order.tif)) return `Unsupported time in force: ${order.tif}`;
  if (order.orderType === "MOC" && order.tif !== "DAY") return "MOC orders require time in force DAY";
  if (order.tif === "OPG" && order.orderType !== "MKT" && order.orderType !== "LMT") {
    return "Time in force OPG is valid only for MKT and LMT orders";
  }
  return undefined;
}

export interface AcceptanceContext {
  account: string;
  /** The parent named by parentId, looked up among the same client's orders. */
  parent: OrderRecord | undefined;
}

/** Why the order must be rejected with 201, or undefined when it is acceptable. */
export function rejectionReason(
  order: SimOrder,
  instrument: Instrument | undefined,
  context: AcceptanceContext,
): string | undefined {
  if (instrument === undefined) return "No security definition has been found for the request";
  if (!instrument.tradable) return `${instrument.symbol} (${instrument.secType}) is not tradable`;
  if (order.account !== "" && order.account !== context.account) {
    return `Account ${order.account} is not a managed account`;
  }
  if (order.action !== "BUY" && order.action !== "SELL") return `Unsupported action: ${String(order.action)}`;
  if (!positive(order.totalQuantity)) return "Order quantity must be positive";
  if (!(ORDER_TYPES as readonly string[]).includes(order.orderType)) {
    return `Unsupported order type: ${order.orderType}`;
  }
  const problem = missingPrice(order) ?? timeInForceProblem(order);
  if (problem !== undefined) return problem;
  if (order.parentId !== 0) {
    const parent = context.parent;
    if (parent === undefined) return `Parent order ${order.parentId} not found`;
    if (!isLive(parent) && parent.status !== "Filled") return `Parent order ${order.parentId} is no longer active`;
  }
  return undefined;
}

/** The form the engine keeps: an empty tif means DAY, an empty account the managed one. */
export function normalizeOrder(order: SimOrder, account: string): SimOrder {
  return {
    ...order,
    tif: order.tif.trim() === "" ? "DAY" : order.tif.trim().toUpperCase(),
    orderType: order.orderType.trim().toUpperCase(),
    account: order.account === "" ? account : order.account,
  };
}

/** Stands in for the contract of an order rejected because no such contract exists (conId 0, blank fields). */
export const UNKNOWN_INSTRUMENT: Instrument = Object.freeze({
  conId: 0,
  symbol: "",
  secType: "STK",
  exchange: "",
  primaryExchange: "",
  currency: "",
  localSymbol: "",
  tradingClass: "",
  multiplier: 1,
  minTick: 0.01,
  lastTradeDate: "",
  contractMonth: "",
  strike: 0,
  right: "",
  longName: "",
  tradable: false,
  timeZoneId: "",
  tradingHours: "",
  liquidHours: "",
  validExchanges: "",
  orderTypes: "",
  marketRuleIds: "",
  underConId: 0,
  underSymbol: "",
  underSecType: "",
  industry: "",
  category: "",
  stockType: "",
});
