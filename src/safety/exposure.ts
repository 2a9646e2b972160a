// What an order can really cost: quantity × multiplier × price-at-risk, per leg, valued against the market. Pure:
// the usable quote, multiplier and exchange rate come in as facts gathered by the order operations.
//
// Price-at-risk is the highest price a leg can execute at (the notional grows with the price on either side):
// - the reference market price is the side the order trades against (ask for BUY, bid for SELL, last as fallback);
// - a BUY limit caps the price (a BUY executes at or below its limit), so a BUY LMT or STP_LMT is valued at its limit;
// - a SELL executes at or above its limit, so it is valued at the higher of its limit and the market: a marketable
//   SELL @ 0.01 is worth the bid, never the far-away limit;
// - stop and trailing orders become market orders once triggered: the higher of the market and the trigger price.
import { round6, type OrderSpec, type OrderType, type Side } from "../domain/index.js";

export interface MarketPrices {
  bid: number | null;
  ask: number | null;
  last: number | null;
}

export interface ReferencePrice {
  price: number;
  /** Which price of the quote was used. */
  source: "ask" | "bid" | "last" | "entry";
}

export interface ExposureFacts {
  /** The usable quote; null when there is none (no quote, no prices, or data too old). */
  market: MarketPrices | null;
  multiplier: number;
  /** Currency of the contract's prices. */
  currency: string;
  /** The account's base currency. */
  baseCurrency: string;
  /** Base currency per one unit of the contract's currency; 1 when they are the same; null when unknown. */
  rate: number | null;
}

export type LegRole = "entry" | "take_profit" | "stop_loss";

export interface LegExposure {
  role: LegRole;
  side: Side;
  orderType: OrderType;
  /** Highest price the leg can execute at; null when it depends on a market price that is missing. */
  priceAtRisk: number | null;
  /** quantity × multiplier × priceAtRisk in the contract's currency. */
  exposure: number | null;
}

export interface Exposure {
  /** Reference market price of the entry (null without a usable quote). */
  reference: ReferencePrice | null;
  legs: LegExposure[];
  /** The worst leg in the contract's currency; null when some leg cannot be valued. */
  exposure: number | null;
  /** The same in the account's base currency; null without a value or a rate. */
  baseExposure: number | null;
  currency: string;
  baseCurrency: string;
  rate: number | null;
  multiplier: number;
  /** True when the valuation needs a market price (market, stop, trailing, SELL limit) and there is none. */
  missingReference: boolean;
}

interface LegPrices {
  role: LegRole;
  side: Side;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  trailStopPrice: number | null;
  trailingAmount: number | null;
  trailingPercent: number | null;
}

const positive = (v: number | null | undefined): v is number => v !== null && v !== undefined && v > 0;

/** Ask for BUY, bid for SELL, last as fallback; null when the quote has none of them. */
export function referencePrice(side: Side, market: MarketPrices | null): ReferencePrice | null {
  if (market === null) return null;
  const touch = side === "BUY" ? market.ask : market.bid;
  if (positive(touch)) return { price: touch, source: side === "BUY" ? "ask" : "bid" };
  return positive(market.last) ? { price: market.last, source: "last" } : null;
}

/** The order's legs: one for a single order, entry + take profit + stop loss for a bracket. */
export function orderLegs(spec: OrderSpec): LegPrices[] {
  const base = {
    side: spec.side,
    limitPrice: spec.limitPrice ?? null,
    stopPrice: spec.stopPrice ?? null,
    trailStopPrice: spec.trailStopPrice ?? null,
    trailingAmount: spec.trailingAmount ?? null,
    trailingPercent: spec.trailingPercent ?? null,
  };
  if (spec.orderType !== "BRACKET") return [{ ...base, role: "entry", orderType: spec.orderType }];
  const exit = spec.side === "BUY" ? "SELL" : "BUY";
  const none = { trailStopPrice: null, trailingAmount: null, trailingPercent: null };
  const stopLimit = spec.stopLossLimitPrice ?? null;
  return [
    { ...base, ...none, role: "entry", orderType: "LMT", stopPrice: null },
    {
      ...none,
      role: "take_profit",
      side: exit,
      orderType: "LMT",
      limitPrice: spec.takeProfitPrice ?? null,
      stopPrice: null,
    },
    {
      ...none,
      role: "stop_loss",
      side: exit,
      orderType: stopLimit === null ? "STP" : "STP_LMT",
      limitPrice: stopLimit,
      stopPrice: spec.stopLossPrice ?? null,
    },
  ];
}

/** Highest price the leg can execute at, or null when that needs a missing market price. */
export function priceAtRisk(leg: LegPrices, market: MarketPrices | null): number | null {
  const ref = referencePrice(leg.side, market)?.price ?? null;
  const buy = leg.side === "BUY";
  const limit = positive(leg.limitPrice) ? leg.limitPrice : null;
  const stop = positive(leg.stopPrice) ? leg.stopPrice : null;
  switch (leg.orderType) {
    case "LMT":
    case "BRACKET":
    case "STP_LMT":
      if (buy && limit !== null) return limit;
      return ref === null ? null : Math.max(ref, limit ?? 0);
    case "STP":
      return ref === null ? null : Math.max(ref, stop ?? 0);
    case "TRAIL":
    case "TRAIL_LIMIT":
      return trailingAtRisk(leg, ref);
    case "MKT":
    case "MOC":
    case "OPG":
      return ref;
  }
}

function trailingAtRisk(leg: LegPrices, ref: number | null): number | null {
  if (ref === null) return null;
  const buy = leg.side === "BUY";
  let trigger = ref;
  if (positive(leg.trailStopPrice)) trigger = leg.trailStopPrice;
  else if (buy && positive(leg.trailingPercent)) trigger = ref * (1 + leg.trailingPercent / 100);
  else if (buy && positive(leg.trailingAmount)) trigger = ref + leg.trailingAmount;
  let price = Math.max(ref, trigger);
  // TRAIL_LIMIT: a BUY's limit is the stop plus the limit offset.
  if (leg.orderType === "TRAIL_LIMIT" && buy && positive(leg.limitPrice)) price += leg.limitPrice;
  return price;
}

/** Whether an entry leg would trade at once against the market (the exits then activate at today's prices). */
function marketable(leg: LegPrices, market: MarketPrices | null): boolean {
  const ref = referencePrice(leg.side, market)?.price;
  if (ref === undefined || !positive(leg.limitPrice)) return false;
  return leg.side === "BUY" ? leg.limitPrice >= ref : leg.limitPrice <= ref;
}

/**
 * Values every leg. A bracket's exits only activate once the entry has filled: at today's market when the entry is
 * marketable, else at the entry's limit. Their take-profit and stop-loss are one-cancels-all and close the entry's
 * position, so the group's exposure is its worst leg.
 */
export function orderExposure(spec: OrderSpec, facts: ExposureFacts): Exposure {
  const legs = orderLegs(spec);
  const [entry] = legs;
  const valued: LegExposure[] = legs.map((leg) => {
    let market = facts.market;
    if (leg.role !== "entry" && entry && !marketable(entry, facts.market) && positive(entry.limitPrice)) {
      const p = entry.limitPrice;
      market = { bid: p, ask: p, last: p };
    }
    const price = priceAtRisk(leg, market);
    const value = price === null ? null : round6(spec.quantity * facts.multiplier * price);
    return { role: leg.role, side: leg.side, orderType: leg.orderType, priceAtRisk: price, exposure: value };
  });
  const missing = valued.some((l) => l.exposure === null);
  const exposure = missing ? null : Math.max(...valued.map((l) => l.exposure ?? 0));
  const baseExposure = exposure === null || facts.rate === null ? null : round6(exposure * facts.rate);
  const reference = referencePrice(spec.side, facts.market);
  return {
    reference,
    legs: valued,
    exposure,
    baseExposure,
    currency: facts.currency,
    baseCurrency: facts.baseCurrency,
    rate: facts.rate,
    multiplier: facts.multiplier,
    missingReference: missing || (needsMarket(spec.orderType) && reference === null),
  };
}

/** Order types that turn into market orders (or trade at the market) and so always need a reference price. */
export function needsMarket(type: OrderType): boolean {
  return type !== "LMT" && type !== "BRACKET";
}
