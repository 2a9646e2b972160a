// Turns a SymbolSpec into the normalised query the broker is asked about: defaults applied,
// CASH pairs split, expiries in broker form, option requirements checked. It contacts no broker.
import { GatewayError, type SecurityType, type SymbolSpec } from "../../domain/index.js";
import { DEFAULT_CURRENCY, defaultExchange } from "./contract-defaults.js";

/** Every field the cache key is made of, after defaults. */
export interface ContractQuery {
  symbol: string;
  securityType: SecurityType;
  exchange: string | null;
  currency: string;
  /** Digits only: YYYYMMDD or (futures) YYYYMM. */
  expiry: string | null;
  strike: number | null;
  right: "C" | "P" | null;
  multiplier: string | null;
  /** The broker's contract id when the caller named one: only that contract matches. */
  conId: number | null;
}

export function resolutionFailed(text: string, details?: Record<string, unknown>): GatewayError {
  return new GatewayError("CONTRACT_RESOLUTION_ERROR", `Contract resolution failed: ${text}`, { details });
}

export function buildContractQuery(spec: SymbolSpec): ContractQuery {
  const { symbol, currency } = splitCashPair(spec);
  const query: ContractQuery = {
    symbol,
    securityType: spec.securityType,
    exchange: spec.exchange ?? defaultExchange(symbol, spec.securityType),
    currency,
    expiry: spec.expiry ? spec.expiry.replaceAll("-", "") : null,
    strike: spec.strike ?? null,
    right: spec.right ?? null,
    multiplier: spec.multiplier ?? null,
    conId: spec.conId ?? null,
  };
  if (query.securityType === "OPT") checkOptionFields(query);
  return query;
}

function splitCashPair(spec: SymbolSpec): { symbol: string; currency: string } {
  const explicit = spec.currency ?? null;
  if (spec.securityType !== "CASH" || !spec.symbol.includes(".")) {
    return { symbol: spec.symbol, currency: explicit ?? DEFAULT_CURRENCY };
  }
  const [base = "", quote = ""] = spec.symbol.split(".", 2);
  if (explicit !== null && explicit !== quote) throw resolutionFailed(`Currency mismatch for ${spec.symbol}`);
  return { symbol: base, currency: quote };
}

/** Checked before any broker call, in the contract's order. */
function checkOptionFields(query: ContractQuery): void {
  if (!query.expiry) throw resolutionFailed("Options require expiry date");
  if (query.strike === null || query.strike <= 0) throw resolutionFailed("Options require strike price");
  if (!query.right) throw resolutionFailed("Options require right (C or P)");
}

/** Stable text of every key field, so two queries share a cache entry only when all fields agree. */
export function contractCacheKey(query: ContractQuery): string {
  const q = query;
  return [q.symbol, q.securityType, q.exchange, q.currency, q.expiry, q.strike, q.right, q.multiplier, q.conId]
    .map((v) => (v === null ? "" : String(v)))
    .join("|");
}
