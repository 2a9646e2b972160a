// Matching of a contract-details query against one instrument, with IB's leniencies: empty fields match anything,
// STK also matches ETFs, a YYYYMM expiry selects a month. Lookup by conId and on-demand stocks live in catalog.ts.

import type { ContractQuery, Instrument } from "./types.js";

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === "";
}

function upper(value: string): string {
  return value.trim().toUpperCase();
}

function matchesSymbol(instrument: Instrument, symbol: string | undefined): boolean {
  if (blank(symbol)) return true;
  const wanted = upper(symbol ?? "");
  return instrument.symbol === wanted || instrument.localSymbol === wanted;
}

function matchesSecType(instrument: Instrument, secType: string | undefined): boolean {
  if (blank(secType)) return true;
  const wanted = upper(secType ?? "");
  if (wanted === "ETF") return instrument.secType === "STK" && instrument.stockType === "ETF";
  return instrument.secType === wanted;
}

function matchesExchange(instrument: Instrument, exchange: string | undefined): boolean {
  if (blank(exchange)) return true;
  const wanted = upper(exchange ?? "");
  return (
    instrument.exchange === wanted ||
    instrument.primaryExchange === wanted ||
    instrument.validExchanges.split(",").includes(wanted)
  );
}

/** YYYYMM narrows to a month, YYYYMMDD (optionally followed by a time) to a day. */
function matchesExpiry(instrument: Instrument, expiry: string | undefined): boolean {
  if (blank(expiry)) return true;
  const digits = (expiry ?? "").trim().slice(0, 8);
  if (instrument.lastTradeDate === "") return false;
  return digits.length === 6 ? instrument.lastTradeDate.startsWith(digits) : instrument.lastTradeDate === digits;
}

function matchesRight(instrument: Instrument, right: string | undefined): boolean {
  const wanted = upper(right ?? "");
  if (wanted === "" || wanted === "?" || wanted === "0") return true;
  return instrument.right === wanted.charAt(0);
}

function matchesNumber(actual: number, wanted: number | string | undefined): boolean {
  if (wanted === undefined || wanted === "") return true;
  const value = Number(wanted);
  if (!Number.isFinite(value) || value <= 0 || value >= 1e300) return true;
  return Math.abs(actual - value) < 1e-9;
}

export function matchesQuery(instrument: Instrument, query: ContractQuery): boolean {
  return (
    matchesSymbol(instrument, query.symbol) &&
    matchesSecType(instrument, query.secType) &&
    matchesExchange(instrument, query.exchange) &&
    (blank(query.primaryExchange) || instrument.primaryExchange === upper(query.primaryExchange ?? "")) &&
    (blank(query.currency) || instrument.currency === upper(query.currency ?? "")) &&
    matchesExpiry(instrument, query.lastTradeDateOrContractMonth) &&
    matchesNumber(instrument.strike, query.strike) &&
    matchesRight(instrument, query.right) &&
    matchesNumber(instrument.multiplier, query.multiplier) &&
    (blank(query.localSymbol) || instrument.localSymbol === query.localSymbol?.trim())
  );
}
