// The deterministic price model: a seeded initial mid, the half-spread rule, the walk step and pins.
// One PriceState per price key (a stock, a futures root shared by all its expiries, an index, an FX pair);
// options are derived from their underlying elsewhere (option-pricing.ts).

import { seededRandom } from "./hash.js";
import { roundToTick } from "./ticks.js";
import type { PinFields, Quote } from "./types.js";

export const BASE_VOLUME = 1_000_000;
const INITIAL_RANGE = 0.01;
const WALK_RANGE = 0.001;

export interface PriceState {
  readonly tick: number;
  /** Indices publish a last price only. */
  readonly lastOnly: boolean;
  /** Prior close: the initial mid. */
  readonly close: number;
  readonly random: () => number;
  bid: number;
  ask: number;
  last: number;
  high: number;
  low: number;
  pinned: boolean;
}

export function halfSpread(mid: number, tick: number): number {
  return roundToTick(tick * Math.max(1, Math.round((mid * 0.0001) / tick)), tick);
}

function setFromMid(state: PriceState, mid: number): void {
  const h = state.lastOnly ? 0 : halfSpread(mid, state.tick);
  state.bid = state.lastOnly ? 0 : roundToTick(mid - h, state.tick);
  state.ask = state.lastOnly ? 0 : roundToTick(mid + h, state.tick);
  state.last = mid;
  state.high = Math.max(state.high, mid);
  state.low = Math.min(state.low, mid);
}

/** mid = reference × (1 + u), u uniform in [−1 %, +1 %], rounded to the tick. */
export function initialState(
  seed: number,
  key: string,
  reference: number,
  tick: number,
  lastOnly: boolean,
): PriceState {
  const random = seededRandom(seed, key);
  const mid = roundToTick(reference * (1 + (random() * 2 - 1) * INITIAL_RANGE), tick);
  const state: PriceState = {
    tick,
    lastOnly,
    close: mid,
    random,
    bid: 0,
    ask: 0,
    last: mid,
    high: mid,
    low: mid,
    pinned: false,
  };
  setFromMid(state, mid);
  return state;
}

/** One walk step within ±0.1 %; pinned states stay put (and draw nothing). Returns whether the price moved. */
export function walkStep(state: PriceState): boolean {
  if (state.pinned) return false;
  const mid = state.last;
  const next = roundToTick(mid * (1 + (state.random() * 2 - 1) * WALK_RANGE), state.tick);
  if (next === mid || next <= 0) return false;
  setFromMid(state, next);
  return true;
}

/** Pins the given sides; the others keep their values. A pinned state ignores the walk from then on. */
export function applyPin(state: PriceState, fields: PinFields): void {
  if (fields.bid !== undefined) state.bid = fields.bid;
  if (fields.ask !== undefined) state.ask = fields.ask;
  if (fields.last !== undefined) state.last = fields.last;
  if (state.last > 0) {
    state.high = Math.max(state.high, state.last);
    state.low = Math.min(state.low, state.last);
  }
  state.pinned = true;
}

/** Mid of the two sides when both exist, else the last price (indices, or a pinned one-sided market). */
export function midOf(quote: { bid: number; ask: number; last: number }): number {
  return quote.bid > 0 && quote.ask > 0 ? (quote.bid + quote.ask) / 2 : quote.last;
}

export function quoteOf(state: PriceState, fills: number): Quote {
  const sizes = state.lastOnly
    ? { bidSize: 0, askSize: 0, lastSize: 0, volume: 0 }
    : { bidSize: 100, askSize: 100, lastSize: 50, volume: BASE_VOLUME + fills };
  return {
    bid: state.bid,
    ask: state.ask,
    last: state.last,
    ...sizes,
    high: state.high,
    low: state.low,
    open: state.close,
    close: state.close,
  };
}
