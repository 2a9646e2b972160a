// Public data shapes of the simulated market: instruments, contract queries, quotes and historical bars.
// Plain data only; nothing here knows the wire format (the codec decides how each value is encoded).

export type SecType = "STK" | "FUT" | "OPT" | "IND" | "CASH";

/** Injected time source (epoch ms) so tests can fix "now". */
export interface Clock {
  now(): number;
}

export interface Instrument {
  conId: number;
  symbol: string;
  secType: SecType;
  exchange: string;
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  /** 1 when the contract has no multiplier. */
  multiplier: number;
  minTick: number;
  /** YYYYMMDD, or "" when the contract does not expire. */
  lastTradeDate: string;
  /** YYYYMM for futures, "" otherwise. */
  contractMonth: string;
  /** 0 when none. */
  strike: number;
  right: "" | "C" | "P";
  longName: string;
  tradable: boolean;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  validExchanges: string;
  orderTypes: string;
  marketRuleIds: string;
  underConId: number;
  underSymbol: string;
  underSecType: string;
  industry: string;
  category: string;
  /** IB's stockType: "COMMON" or "ETF" for stocks (ETFs are STK at the broker), "" for everything else. */
  stockType: string;
}

export interface ContractQuery {
  conId?: number;
  symbol?: string;
  secType?: string;
  exchange?: string;
  primaryExchange?: string;
  currency?: string;
  lastTradeDateOrContractMonth?: string;
  strike?: number;
  right?: string;
  multiplier?: string;
  localSymbol?: string;
}

/** Prices of 0 mean "not available" (an index has no bid or ask). */
export interface Quote {
  bid: number;
  ask: number;
  last: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  volume: number;
  high: number;
  low: number;
  open: number;
  /** Prior close: the instrument's initial mid. */
  close: number;
}

export interface HistoricalQuery {
  conId: number;
  endMs: number;
  /** IB form, e.g. "5 D", "3600 S", "1 M", "1 Y". */
  duration: string;
  /** IB form, e.g. "1 hour", "5 mins", "1 day". */
  barSize: string;
  whatToShow: string;
  useRTH: boolean;
}

export interface HistoricalBar {
  /** Bar start in epoch seconds; daily and longer bars carry their trading date at 00:00 UTC. */
  timeSec: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** -1 for MIDPOINT-type data, which has no volume. */
  volume: number;
  wap: number;
  count: number;
}

/** An IB-style refusal of a historical request: the error code and text the session layer sends back. */
export interface HistoricalError {
  code: number;
  error: string;
}

export interface OptionParams {
  exchange: string;
  tradingClass: string;
  multiplier: string;
  expirations: string[];
  strikes: number[];
}

export interface PinFields {
  bid?: number;
  ask?: number;
  last?: number;
}

/** One row of the control API's price overview. */
export interface PriceEntry {
  symbol: string;
  conId: number;
  secType: SecType;
  localSymbol: string;
  pinned: boolean;
  quote: Quote;
}
