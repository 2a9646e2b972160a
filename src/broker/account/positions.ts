// Builds the PositionsResponse from a portfolio snapshot: display symbols, asset classes, the
// average-price rule and market values by conId. Pure.
import type { Contract } from "@stoqey/ib";
import type { Position, PositionInstrument, PositionsResponse } from "../../domain/index.js";
import { displaySymbol, normalizeRight } from "../contracts/display-symbol.js";
import type { PortfolioSnapshot, PositionRow } from "./portfolio-snapshot.js";

export function contractDisplaySymbol(contract: Contract): string {
  const currency = contract.currency || "USD";
  return displaySymbol({
    symbol: contract.symbol ?? "",
    securityType: contract.secType ?? "",
    currency,
    expiry: contract.lastTradeDateOrContractMonth ?? null,
    strike: contract.strike ?? null,
    right: contract.right ?? null,
  });
}

/** The contract as a SymbolSpec the quote, resolve and preview endpoints accept back unchanged. */
export function positionInstrument(contract: Contract): PositionInstrument {
  const isOption = contract.secType === "OPT" || contract.secType === "FOP";
  const multiplier = contract.multiplier !== undefined && contract.multiplier > 0 ? String(contract.multiplier) : null;
  return {
    symbol: contract.symbol ?? "",
    securityType: contract.secType ?? "",
    exchange: contract.exchange || null,
    currency: contract.currency || "USD",
    expiry: contract.lastTradeDateOrContractMonth || null,
    strike: isOption ? (contract.strike ?? null) : null,
    right: isOption ? normalizeRight(contract.right) : null,
    multiplier,
    conId: contract.conId ?? 0,
  };
}

export function assetClass(secType: string | undefined): string {
  return secType === "CASH" ? "FX" : (secType ?? "");
}

/** Average cost per unit: derivatives report it per contract (times the multiplier). */
export function averagePrice(avgCost: number, multiplier: number | undefined): number {
  const m = multiplier ?? 0;
  return m > 1 ? avgCost / m : avgCost;
}

function toPosition(row: PositionRow, snapshot: PortfolioSnapshot): Position {
  const conId = row.contract.conId ?? 0;
  const market = snapshot.portfolio.find((p) => p.contract.conId === conId);
  return {
    accountId: row.account,
    symbol: contractDisplaySymbol(row.contract),
    instrument: positionInstrument(row.contract),
    conId,
    assetClass: assetClass(row.contract.secType),
    currency: row.contract.currency || "USD",
    quantity: row.quantity,
    avgPrice: averagePrice(row.avgCost, row.contract.multiplier),
    marketPrice: market?.marketPrice ?? 0,
    marketValue: market?.marketValue ?? 0,
    unrealizedPnl: market?.unrealizedPnl ?? 0,
    realizedPnl: market?.realizedPnl ?? 0,
  };
}

export function buildPositions(accountId: string, snapshot: PortfolioSnapshot): PositionsResponse {
  const positions = snapshot.positions.filter((p) => p.quantity !== 0).map((p) => toPosition(p, snapshot));
  return { accountId, positions, positionCount: positions.length };
}
