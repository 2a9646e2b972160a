// Which contracts are listed on a given day and how each price key is seeded.
// A price key is what one PriceState serves: a stock, a futures root (all expiries), an index or an FX pair.

import { ALL_MONTHS, QUARTERLY_MONTHS, upcomingThirdFridays } from "./calendar.js";
import {
  fxInstrument,
  futureInstrument,
  indexInstrument,
  optionInstrument,
  stockInstrument,
  type ConIdAllocator,
} from "./instrument-builders.js";
import {
  FUTURE_EXPIRY_COUNT,
  FUTURE_ROOTS,
  FUTURE_TICK,
  FX_PAIRS,
  INDEX_TICK,
  INDICES,
  OPTION_CHAINS,
  OPTION_EXPIRY_COUNT,
  STOCK_TICK,
  STOCKS,
  type OptionChainRow,
} from "./instrument-table.js";
import type { Instrument } from "./types.js";

export interface PriceSpec {
  reference: number;
  tick: number;
  lastOnly: boolean;
}

/** The price key an instrument's quote comes from; options use their underlying's key. */
export function priceKeyOf(instrument: Instrument): string {
  if (instrument.secType === "CASH") return instrument.localSymbol;
  if (instrument.secType === "OPT") return instrument.underSymbol;
  return instrument.symbol;
}

export function tablePriceSpecs(): Map<string, PriceSpec> {
  const specs = new Map<string, PriceSpec>();
  for (const row of STOCKS) specs.set(row.symbol, { reference: row.reference, tick: STOCK_TICK, lastOnly: false });
  for (const row of FUTURE_ROOTS)
    specs.set(row.symbol, { reference: row.reference, tick: FUTURE_TICK, lastOnly: false });
  for (const row of INDICES) specs.set(row.symbol, { reference: row.reference, tick: INDEX_TICK, lastOnly: true });
  for (const row of FX_PAIRS) {
    specs.set(`${row.symbol}.${row.currency}`, { reference: row.reference, tick: row.tick, lastOnly: false });
  }
  return specs;
}

function optionChain(
  row: OptionChainRow,
  underlying: Instrument,
  today: number,
  conIdFor: ConIdAllocator,
): Instrument[] {
  const chain: Instrument[] = [];
  for (const expiry of upcomingThirdFridays(today, OPTION_EXPIRY_COUNT, ALL_MONTHS)) {
    for (let strike = row.lowStrike; strike <= row.highStrike; strike += row.strikeStep) {
      for (const right of ["C", "P"] as const) {
        chain.push(optionInstrument({ underlying, expiry, strike, right }, today, conIdFor));
      }
    }
  }
  return chain;
}

/** Every listed contract for `today` (a New York day number), in a stable order. */
export function listInstruments(today: number, conIdFor: ConIdAllocator): Instrument[] {
  const stocks = STOCKS.map((row) => stockInstrument(row, today));
  const listed: Instrument[] = [...stocks];
  for (const row of INDICES) listed.push(indexInstrument(row, today, conIdFor));
  for (const row of FX_PAIRS) listed.push(fxInstrument(row, today, conIdFor));
  for (const row of FUTURE_ROOTS) {
    for (const expiry of upcomingThirdFridays(today, FUTURE_EXPIRY_COUNT, QUARTERLY_MONTHS)) {
      listed.push(futureInstrument(row, expiry, today, conIdFor));
    }
  }
  for (const row of OPTION_CHAINS) {
    const underlying = stocks.find((stock) => stock.symbol === row.underlying);
    if (underlying !== undefined) listed.push(...optionChain(row, underlying, today, conIdFor));
  }
  return listed;
}
