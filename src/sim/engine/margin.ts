// The margin model: initial / maintenance as a share of each position's value.
// STK/ETF 50 % / 25 % of market value; FUT 6 % / 5 % of notional; OPT 100 % / 100 % of premium; CASH 3 % / 3 %.
// The spec has no short-option rule, so a short option is margined like a long one (its premium).

import type { Instrument } from "../market/index.js";

export interface Margin {
  initial: number;
  maintenance: number;
}

const RATES: Record<string, { initial: number; maintenance: number }> = {
  STK: { initial: 0.5, maintenance: 0.25 },
  FUT: { initial: 0.06, maintenance: 0.05 },
  OPT: { initial: 1, maintenance: 1 },
  CASH: { initial: 0.03, maintenance: 0.03 },
};

export function positionMargin(instrument: Instrument, position: number, price: number): Margin {
  const rate = RATES[instrument.secType];
  if (rate === undefined) return { initial: 0, maintenance: 0 };
  const value = Math.abs(position * price * instrument.multiplier);
  return { initial: value * rate.initial, maintenance: value * rate.maintenance };
}

export function addMargins(a: Margin, b: Margin): Margin {
  return { initial: a.initial + b.initial, maintenance: a.maintenance + b.maintenance };
}
