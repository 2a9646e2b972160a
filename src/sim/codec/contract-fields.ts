// The 12-field contract block that most requests carry, and its reader.
// Resolving a contract to an instrument is the market's job, not the codec's.

import type { FieldReader } from "./field-reader.js";

export interface ContractFields {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  /** undefined when the client left it unset (IBKR and `@stoqey/ib` send empty; ib_async sends 0.0). */
  strike: number | undefined;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

export function readContract(r: FieldReader): ContractFields {
  return {
    conId: r.int(),
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.optFloat(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExchange: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
  };
}

/** A combo leg as REQ_MKT_DATA and REQ_HISTORICAL_DATA send it (4 fields). */
export interface ShortComboLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
}

/** Reads `count` then that many 4-field legs; only BAG contracts carry them. */
export function readShortComboLegs(r: FieldReader): ShortComboLeg[] {
  const count = r.int();
  const legs: ShortComboLeg[] = [];
  for (let i = 0; i < count; i++) {
    legs.push({ conId: r.int(), ratio: r.int(), action: r.str(), exchange: r.str() });
  }
  return legs;
}
