// Converts between the library's contract shapes and ResolvedContract, and picks the front month.
// The only place in contracts/ that knows the library's Contract and ContractDetails fields.
import type { SecType } from "@stoqey/ib";
import { type Contract, type ContractDetails, type OptionType } from "@stoqey/ib";
import type { ResolvedContract, SecurityType } from "../../domain/index.js";
import type { ContractQuery } from "./contract-query.js";
import { displaySymbol, normalizeRight } from "./display-symbol.js";

/** The broker contract asked about: ETF goes out as STK. */
export function queryToIbContract(query: ContractQuery): Contract {
  const contract: Contract = {
    symbol: query.symbol,
    secType: (query.securityType === "ETF" ? "STK" : query.securityType) as SecType,
    currency: query.currency,
  };
  if (query.exchange) contract.exchange = query.exchange;
  if (query.expiry) contract.lastTradeDateOrContractMonth = query.expiry;
  if (query.strike !== null) contract.strike = query.strike;
  if (query.right) contract.right = query.right as OptionType;
  if (query.multiplier) contract.multiplier = Number(query.multiplier);
  if (query.conId !== null) contract.conId = query.conId;
  return contract;
}

/** A resolved contract as the broker identifies it for data and order requests. */
export function resolvedToIbContract(resolved: ResolvedContract): Contract {
  const contract: Contract = {
    conId: resolved.conId,
    symbol: resolved.symbol,
    secType: (resolved.securityType === "ETF" ? "STK" : resolved.securityType) as SecType,
    exchange: resolved.exchange,
    currency: resolved.currency,
  };
  if (resolved.expiry) contract.lastTradeDateOrContractMonth = resolved.expiry.replaceAll("-", "");
  if (resolved.strike !== null) contract.strike = resolved.strike;
  if (resolved.right) contract.right = resolved.right as OptionType;
  if (resolved.multiplier) contract.multiplier = Number(resolved.multiplier);
  return contract;
}

/** YYYYMMDD (optionally followed by a time) → YYYY-MM-DD; month-only values stay null. */
export function isoExpiry(raw: string | undefined): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(raw ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export function toResolvedContract(details: ContractDetails, requestedType: SecurityType): ResolvedContract {
  const c = details.contract;
  const expiry = isoExpiry(c.lastTradeDateOrContractMonth) ?? isoExpiry(details.realExpirationDate);
  const right = normalizeRight(c.right);
  const strike = c.strike !== undefined && c.strike > 0 ? c.strike : null;
  const symbol = c.symbol ?? "";
  const currency = c.currency ?? "USD";
  const broker = c.secType ?? requestedType;
  return {
    conId: c.conId ?? 0,
    symbol,
    securityType: requestedType,
    exchange: c.exchange ?? "",
    primaryExchange: c.primaryExch || null,
    currency,
    localSymbol: c.localSymbol || null,
    tradingClass: c.tradingClass || null,
    expiry,
    strike,
    right,
    multiplier: c.multiplier !== undefined && c.multiplier > 0 ? String(c.multiplier) : null,
    displaySymbol: displaySymbol({ symbol, securityType: broker, currency, expiry, strike, right }),
  };
}

/** Earliest contract whose last trade date is today or later (no volume or open-interest roll rule). */
export function frontMonth(candidates: readonly ResolvedContract[], todayIso: string): ResolvedContract | null {
  const live = candidates.filter((c) => c.expiry !== null && c.expiry >= todayIso);
  live.sort((a, b) => (a.expiry ?? "").localeCompare(b.expiry ?? ""));
  return live[0] ?? null;
}
