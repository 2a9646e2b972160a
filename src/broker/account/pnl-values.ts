// The P&L arithmetic: timeframe table, per-symbol details, unset values as 0. Pure; the broker
// subscriptions that produce the figures live in pnl.ts.
import type { AccountPnl, PnlDetail } from "../../domain/index.js";
import type { PnlTimeframe } from "../../domain/index.js";

/** Daily D / d, unrealized U / u, realized R / r as the broker reports them (undefined = unset). */
export interface PnlFigures {
  daily?: number;
  unrealized?: number;
  realized?: number;
}

export interface PositionPnl {
  symbol: string;
  conId: number;
  currency: string;
  figures: PnlFigures;
  /** average cost × quantity, signed like the quantity; null for a position closed today. */
  basis: number | null;
}

/** The broker's "unset" (1.7976931348623157E308) and anything non-finite count as 0. */
export function pnlValue(value: number | undefined): number {
  return value === undefined || !Number.isFinite(value) || Math.abs(value) >= 1e300 ? 0 : value;
}

function split(figures: PnlFigures, timeframe: PnlTimeframe): { realized: number; unrealized: number } {
  const [d, u, r] = [pnlValue(figures.daily), pnlValue(figures.unrealized), pnlValue(figures.realized)];
  return timeframe === "CURRENT" ? { realized: r, unrealized: u } : { realized: r, unrealized: d - r };
}

function detail(position: PositionPnl, timeframe: PnlTimeframe): PnlDetail {
  const f = position.figures;
  const realizedToday = pnlValue(f.realized);
  return {
    symbol: position.symbol,
    conId: position.conId,
    currency: position.currency,
    ...split(f, timeframe),
    realizedToday,
    unrealizedToday: pnlValue(f.daily) - realizedToday,
    basis: position.basis,
  };
}

export interface AccountPnlInput {
  accountId: string;
  currency: string;
  /** Echoed upper-cased, as sent (INTRADAY and 1D are synonyms but echo differently). */
  timeframe: PnlTimeframe;
  account: PnlFigures;
  positions: readonly PositionPnl[];
  nowMs: number;
}

export function buildAccountPnl(input: AccountPnlInput): AccountPnl {
  const bySymbol: Record<string, PnlDetail> = {};
  for (const position of input.positions) bySymbol[position.symbol] = detail(position, input.timeframe);
  return {
    accountId: input.accountId,
    currency: input.currency,
    timeframe: input.timeframe,
    ...split(input.account, input.timeframe),
    bySymbol,
    timestamp: new Date(input.nowMs).toISOString(),
  };
}
