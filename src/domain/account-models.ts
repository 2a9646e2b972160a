// Account models on the wire: summary, positions and P&L.
import { z } from "zod";

export const AccountSummary = z.object({
  accountId: z.string(),
  currency: z.string(),
  netLiquidation: z.number(),
  cash: z.number(),
  buyingPower: z.number(),
  marginExcess: z.number(),
  maintenanceMargin: z.number(),
  initialMargin: z.number(),
  timestamp: z.string(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

/**
 * A position's contract in the shape `POST /market-data/quote`, `/contracts/resolve` and the `instrument` of
 * `/orders/preview` accept as is: sending it back names exactly this contract (its conId is checked).
 */
export const PositionInstrument = z.object({
  symbol: z.string().describe("Root symbol as the broker lists it, e.g. AAPL, MES, EUR (CASH: the base currency)"),
  securityType: z.string().describe("STK, FUT, OPT, CASH, ... (ETFs are reported by the broker as STK)"),
  exchange: z.string().nullable().describe("Exchange of the position's contract, null when the broker gives none"),
  currency: z.string().describe("Currency the contract trades in"),
  expiry: z.string().nullable().describe("Expiry as the broker gives it (YYYYMMDD or YYYYMM); null when none"),
  strike: z.number().nullable().describe("Option strike; null for non-options"),
  right: z.enum(["C", "P"]).nullable().describe("Option right; null for non-options"),
  multiplier: z.string().nullable().describe("Contract multiplier as a string; null when none"),
  conId: z.number().int().describe("The broker's contract id"),
});
export type PositionInstrument = z.infer<typeof PositionInstrument>;

export const Position = z.object({
  accountId: z.string(),
  symbol: z
    .string()
    .describe(
      "Display symbol: the symbol for stocks and ETFs, SYMBOL_YYYYMMDD for futures (MES_20261218), " +
        "SYMBOL_YYYYMMDD_<C|P><strike> for options (AAPL_20260116_C250), BASE.QUOTE for FX (EUR.USD). For display " +
        "only: to quote or trade the position, send its `instrument`",
    ),
  instrument: PositionInstrument,
  conId: z.number().int(),
  assetClass: z.string(),
  currency: z.string(),
  quantity: z.number(),
  avgPrice: z.number().min(0),
  marketPrice: z.number(),
  marketValue: z.number(),
  unrealizedPnl: z.number(),
  realizedPnl: z.number(),
});
export type Position = z.infer<typeof Position>;

export const PositionsResponse = z.object({
  accountId: z.string(),
  positions: z.array(Position),
  positionCount: z.number().int().min(0),
});
export type PositionsResponse = z.infer<typeof PositionsResponse>;

export const PnlDetail = z.object({
  symbol: z.string(),
  conId: z.number().int().nullable(),
  currency: z.string(),
  realized: z.number(),
  unrealized: z.number(),
  realizedToday: z.number().nullable(),
  unrealizedToday: z.number().nullable(),
  basis: z.number().nullable(),
});
export type PnlDetail = z.infer<typeof PnlDetail>;

export const PNL_TIMEFRAMES = ["CURRENT", "INTRADAY", "1D"] as const;

export const AccountPnl = z.object({
  accountId: z.string(),
  currency: z.string(),
  timeframe: z.string(),
  realized: z.number(),
  unrealized: z.number(),
  bySymbol: z.record(z.string(), PnlDetail),
  timestamp: z.string(),
});
export type AccountPnl = z.infer<typeof AccountPnl>;
