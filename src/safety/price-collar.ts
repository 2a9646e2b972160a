// The price collar (fat-finger guard): a limit or stop price further than MAX_PRICE_DEVIATION_PCT from the reference
// price, on the side where it would trade at once at a worse price, is refused. A passive order far from the market
// (a BUY limit far below, a SELL stop far below) cannot execute badly and passes. Pure.
import type { OrderSpec, Side } from "../domain/index.js";
import { orderLegs, referencePrice, type MarketPrices } from "./exposure.js";

export interface CollarBreach {
  /** Which price of the order: limitPrice, stopPrice or trailStopPrice. */
  field: "limitPrice" | "stopPrice" | "trailStopPrice";
  price: number;
  reference: number;
  /** Distance from the reference in percent, rounded to 2 decimals. */
  deviationPct: number;
}

/**
 * The first price of the entry that would trade at once too far from the market, or null. Without a reference
 * price nothing can be checked (missing prices are refused elsewhere when the order needs them). A bracket's exits
 * only activate after the entry filled, so only the entry is collared.
 */
export function collarBreach(spec: OrderSpec, market: MarketPrices | null, maxPct: number | null): CollarBreach | null {
  if (maxPct === null) return null;
  const [entry] = orderLegs(spec);
  const ref = referencePrice(spec.side, market)?.price;
  if (!entry || ref === undefined) return null;
  const band = maxPct / 100;
  const stop = entry.orderType === "STP" || entry.orderType === "STP_LMT" ? entry.stopPrice : null;
  const trail = entry.orderType === "TRAIL" || entry.orderType === "TRAIL_LIMIT" ? entry.trailStopPrice : null;
  const checks: [CollarBreach["field"], number | null, "limit" | "stop"][] = [
    ["stopPrice", stop, "stop"],
    ["trailStopPrice", trail, "stop"],
  ];
  // A stop-limit's limit only trades at once when its stop is already triggered.
  const stopTriggered = stop !== null && stop > 0 && triggers(spec.side, stop, ref);
  if (entry.orderType === "LMT" || (entry.orderType === "STP_LMT" && stopTriggered)) {
    checks.push(["limitPrice", entry.limitPrice, "limit"]);
  }
  for (const [field, price, kind] of checks) {
    if (price === null || !(price > 0)) continue;
    if (beyond(spec.side, kind, price, ref, band)) {
      const deviationPct = Math.round((Math.abs(price - ref) / ref) * 10_000) / 100;
      return { field, price, reference: ref, deviationPct };
    }
  }
  return null;
}

/** A BUY stop at or below the market, or a SELL stop at or above it, triggers at once. */
function triggers(side: Side, stop: number, ref: number): boolean {
  return side === "BUY" ? stop <= ref : stop >= ref;
}

/**
 * A BUY limit far above the market (or a SELL limit far below) trades at once at up to that limit; a BUY stop far
 * below the market (or a SELL stop far above) triggers at once and trades at the market, far from its stop.
 */
function beyond(side: Side, kind: "limit" | "stop", price: number, ref: number, band: number): boolean {
  const high = price > ref * (1 + band);
  const low = price < ref * (1 - band);
  if (kind === "limit") return side === "BUY" ? high : low;
  return side === "BUY" ? low : high;
}
