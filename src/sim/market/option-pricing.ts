// Option prices, derived from the underlying mid: intrinsic value plus a time value that grows with
// the square root of the days to expiry. Not a volatility model; no greeks.

import { roundToTick } from "./ticks.js";
import { OPTION_TICK } from "./instrument-table.js";
import type { Quote } from "./types.js";

const HALF_SPREAD = 0.05;

/** mid = intrinsic + 0.01 × S × sqrt(max(days to expiry, 1) / 30), rounded to 0.01. */
export function optionMid(right: "C" | "P", strike: number, underlyingMid: number, daysToExpiry: number): number {
  const intrinsic = right === "C" ? Math.max(0, underlyingMid - strike) : Math.max(0, strike - underlyingMid);
  const timeValue = 0.01 * underlyingMid * Math.sqrt(Math.max(daysToExpiry, 1) / 30);
  return roundToTick(intrinsic + timeValue, OPTION_TICK);
}

/** bid = max(0.01, mid − 0.05), ask = mid + 0.05, last = mid; the prior close is priced from the initial underlying. */
export function optionQuote(mid: number, priorClose: number, volume: number): Quote {
  return {
    bid: Math.max(OPTION_TICK, roundToTick(mid - HALF_SPREAD, OPTION_TICK)),
    ask: roundToTick(mid + HALF_SPREAD, OPTION_TICK),
    last: mid,
    bidSize: 100,
    askSize: 100,
    lastSize: 50,
    volume,
    high: Math.max(mid, priorClose),
    low: Math.min(mid, priorClose),
    open: priorClose,
    close: priorClose,
  };
}
