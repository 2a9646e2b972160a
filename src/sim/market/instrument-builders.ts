// Builders of Instrument records for each kind of simulated contract: stock/ETF, index, FX pair, future, option.
// They describe one contract each; which contracts are listed on a given day is decided in listing.ts.

import { formatYmd, yearMonth } from "./calendar.js";
import { fnv1a32 } from "./hash.js";
import {
  FUTURE_TICK,
  OPTION_MULTIPLIER,
  OPTION_TICK,
  OTHER_STOCK_REFERENCE,
  STOCK_TICK,
  type FutureRow,
  type FxRow,
  type IndexRow,
  type StockRow,
} from "./instrument-table.js";
import {
  CBOE_INDEX_SESSION,
  EASTERN_RTH_SESSION,
  EQUITY_SESSION,
  FUTURE_SESSION,
  FX_SESSION,
  sessionFields,
} from "./sessions.js";
import type { Instrument } from "./types.js";

/** Derives a conId for an identity string such as `MES:FUT:20250620`; the catalog resolves collisions. */
export type ConIdAllocator = (identity: string) => number;

const STOCK_EXCHANGES =
  "SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,ISLAND,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,LTSE,NASDAQ,PEARL";
const OPTION_EXCHANGES = "SMART,AMEX,CBOE,PHLX,PSE,ISE,BOX,BATS,NASDAQOM,CBOE2,MIAX,EMERALD,PEARL,EDGX,MEMX";
const ORDER_TYPES = "DAY,FOK,GTC,IOC,LMT,MKT,MOC,OCA,OPG,STP,STPLMT,TRAIL,TRAILLMT,WHATIF";
const MONTH_CODES = "FGHJKMNQUVXZ";

function marketRules(exchanges: string, ruleId: number): string {
  return exchanges
    .split(",")
    .map(() => String(ruleId))
    .join(",");
}

type CoreFields = Pick<Instrument, "conId" | "symbol" | "secType" | "exchange" | "localSymbol">;

function instrument(fields: CoreFields & Partial<Instrument>): Instrument {
  return {
    primaryExchange: "",
    currency: "USD",
    tradingClass: fields.symbol,
    multiplier: 1,
    minTick: STOCK_TICK,
    lastTradeDate: "",
    contractMonth: "",
    strike: 0,
    right: "",
    longName: fields.symbol,
    tradable: true,
    timeZoneId: "",
    tradingHours: "",
    liquidHours: "",
    validExchanges: fields.exchange,
    orderTypes: ORDER_TYPES,
    marketRuleIds: "",
    underConId: 0,
    underSymbol: "",
    underSecType: "",
    industry: "",
    category: "",
    stockType: "",
    ...fields,
  };
}

export function stockInstrument(row: StockRow, today: number): Instrument {
  return instrument({
    conId: row.conId,
    symbol: row.symbol,
    secType: "STK",
    exchange: "SMART",
    primaryExchange: row.primaryExchange,
    localSymbol: row.symbol,
    tradingClass: row.tradingClass,
    longName: row.longName,
    validExchanges: STOCK_EXCHANGES,
    marketRuleIds: marketRules(STOCK_EXCHANGES, 26),
    industry: row.industry,
    category: row.category,
    stockType: row.stockType,
    ...sessionFields(EQUITY_SESSION, today),
  });
}

/** Any other 1–5 letter symbol: reference 100, conId = 900,000,000 + (FNV-1a of `SYMBOL:STK` mod 90,000,000). */
export function otherStockRow(symbol: string): StockRow {
  return {
    symbol,
    conId: 900_000_000 + (fnv1a32(`${symbol}:STK`) % 90_000_000),
    reference: OTHER_STOCK_REFERENCE,
    primaryExchange: "NYSE",
    tradingClass: symbol,
    longName: symbol,
    industry: "",
    category: "",
    stockType: "COMMON",
  };
}

export function indexInstrument(row: IndexRow, today: number, conIdFor: ConIdAllocator): Instrument {
  return instrument({
    conId: conIdFor(`${row.symbol}:IND`),
    symbol: row.symbol,
    secType: "IND",
    exchange: row.exchange,
    localSymbol: row.symbol,
    longName: row.longName,
    tradable: false,
    orderTypes: "",
    marketRuleIds: marketRules(row.exchange, 1),
    ...sessionFields(row.exchange === "CBOE" ? CBOE_INDEX_SESSION : EASTERN_RTH_SESSION, today),
  });
}

export function fxInstrument(row: FxRow, today: number, conIdFor: ConIdAllocator): Instrument {
  const pair = `${row.symbol}.${row.currency}`;
  return instrument({
    conId: conIdFor(`${pair}:CASH`),
    symbol: row.symbol,
    secType: "CASH",
    exchange: "IDEALPRO",
    currency: row.currency,
    localSymbol: pair,
    tradingClass: pair,
    minTick: row.tick,
    longName: row.longName,
    marketRuleIds: marketRules("IDEALPRO", 239),
    ...sessionFields(FX_SESSION, today),
  });
}

export function futureInstrument(row: FutureRow, expiry: number, today: number, conIdFor: ConIdAllocator): Instrument {
  const { year, month } = yearMonth(expiry);
  const lastTradeDate = formatYmd(expiry);
  return instrument({
    conId: conIdFor(`${row.symbol}:FUT:${lastTradeDate}`),
    symbol: row.symbol,
    secType: "FUT",
    exchange: "CME",
    localSymbol: `${row.symbol}${MONTH_CODES[month - 1] ?? ""}${year % 10}`,
    multiplier: row.multiplier,
    minTick: FUTURE_TICK,
    lastTradeDate,
    contractMonth: lastTradeDate.slice(0, 6),
    longName: row.longName,
    marketRuleIds: marketRules("CME", 67),
    underSymbol: row.symbol,
    underSecType: "IND",
    ...sessionFields(FUTURE_SESSION, today),
  });
}

/** OCC-style local symbol, e.g. `AAPL  250620C00250000`. */
function occSymbol(underlying: string, lastTradeDate: string, right: "C" | "P", strike: number): string {
  const strikeCode = String(Math.round(strike * 1000)).padStart(8, "0");
  return `${underlying.padEnd(6)}${lastTradeDate.slice(2)}${right}${strikeCode}`;
}

export interface OptionSpec {
  underlying: Instrument;
  expiry: number;
  strike: number;
  right: "C" | "P";
}

export function optionInstrument(spec: OptionSpec, today: number, conIdFor: ConIdAllocator): Instrument {
  const { underlying, strike, right } = spec;
  const lastTradeDate = formatYmd(spec.expiry);
  return instrument({
    conId: conIdFor(`${underlying.symbol}:OPT:${lastTradeDate}:${strike}:${right}`),
    symbol: underlying.symbol,
    secType: "OPT",
    exchange: "SMART",
    localSymbol: occSymbol(underlying.symbol, lastTradeDate, right, strike),
    multiplier: OPTION_MULTIPLIER,
    minTick: OPTION_TICK,
    lastTradeDate,
    strike,
    right,
    longName: underlying.longName,
    validExchanges: OPTION_EXCHANGES,
    marketRuleIds: marketRules(OPTION_EXCHANGES, 32),
    underConId: underlying.conId,
    underSymbol: underlying.symbol,
    underSecType: "STK",
    industry: underlying.industry,
    category: underlying.category,
    ...sessionFields(EASTERN_RTH_SESSION, today),
  });
}
