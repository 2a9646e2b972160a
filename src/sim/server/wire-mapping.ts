// Market and engine values in the shapes the codec encodes: contracts, contract details, executions, order status.
// Translation only; every number comes from the market or the engine.

import type { ContractDetails, ContractFields, Execution } from "../codec/index.js";
import type { ExecutionView, OrderView } from "../engine/index.js";
import type { Instrument } from "../market/index.js";
import { TWS_ZONE, formatZoned } from "./wire-time.js";

/** IB leaves the multiplier empty for contracts without one. */
function multiplierText(instrument: Instrument): string {
  return instrument.multiplier === 1 ? "" : String(instrument.multiplier);
}

export function contractOf(instrument: Instrument, exchange = instrument.exchange): ContractFields {
  return {
    conId: instrument.conId,
    symbol: instrument.symbol,
    secType: instrument.secType,
    lastTradeDateOrContractMonth: instrument.lastTradeDate,
    strike: instrument.strike,
    right: instrument.right,
    multiplier: multiplierText(instrument),
    exchange,
    primaryExchange: instrument.primaryExchange,
    currency: instrument.currency,
    localSymbol: instrument.localSymbol,
    tradingClass: instrument.tradingClass,
  };
}

export function contractDetailsOf(instrument: Instrument): ContractDetails {
  const expires = instrument.secType === "FUT" || instrument.secType === "OPT";
  return {
    symbol: instrument.symbol,
    secType: instrument.secType,
    // Date only: `@stoqey/ib` cannot split the "date time zone" form some TWS builds send.
    lastTradeDateOrContractMonth: instrument.lastTradeDate,
    lastTradeDate: instrument.lastTradeDate,
    strike: instrument.strike,
    right: instrument.right,
    exchange: instrument.exchange,
    currency: instrument.currency,
    localSymbol: instrument.localSymbol,
    marketName: instrument.tradingClass,
    tradingClass: instrument.tradingClass,
    conId: instrument.conId,
    minTick: instrument.minTick,
    multiplier: multiplierText(instrument),
    orderTypes: instrument.orderTypes,
    validExchanges: instrument.validExchanges,
    priceMagnifier: 1,
    underConId: instrument.underConId,
    longName: instrument.longName,
    primaryExchange: instrument.primaryExchange,
    contractMonth: instrument.contractMonth,
    industry: instrument.industry,
    category: instrument.category,
    subcategory: "",
    timeZoneId: instrument.timeZoneId,
    tradingHours: instrument.tradingHours,
    liquidHours: instrument.liquidHours,
    secIdList: [],
    aggGroup: 1,
    underSymbol: instrument.underSymbol,
    underSecType: instrument.underSecType,
    marketRuleIds: instrument.marketRuleIds,
    realExpirationDate: expires ? instrument.lastTradeDate : "",
    stockType: instrument.stockType,
    minSize: 1,
    sizeIncrement: 1,
    suggestedSizeIncrement: instrument.secType === "STK" ? 100 : 1,
  };
}

export function executionOf(view: ExecutionView): Execution {
  return {
    execId: view.execId,
    time: formatZoned(view.timeMs, TWS_ZONE),
    account: view.account,
    exchange: view.exchange,
    side: view.side,
    shares: view.shares,
    price: view.price,
    permId: view.permId,
    clientId: view.clientId,
    liquidation: 0,
    cumQty: view.cumQty,
    avgPrice: view.avgPrice,
    orderRef: view.orderRef,
    modelCode: "",
    lastLiquidity: 2,
    pendingPriceRevision: false,
  };
}

export function orderStatusOf(view: OrderView) {
  return {
    type: "orderStatus" as const,
    orderId: view.order.orderId,
    status: view.status,
    filled: view.filled,
    remaining: view.remaining,
    avgFillPrice: view.avgFillPrice,
    permId: view.permId,
    parentId: view.order.parentId,
    lastFillPrice: view.lastFillPrice,
    clientId: view.order.clientId,
    whyHeld: view.whyHeld,
    mktCapPrice: view.mktCapPrice,
  };
}
