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

export const Position = z.object({
  accountId: z.string(),
  symbol: z.string(),
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
