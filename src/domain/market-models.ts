// Market-data models on the wire: quotes, bars and the historical request.
import { z } from "zod";
import { instrumentFields, monthFormOnlyForFutures } from "./instrument.js";
import { strictObject } from "./strict-object.js";

export const QUOTE_SOURCES = ["IBKR_SNAPSHOT", "IBKR_FROZEN", "IBKR_DELAYED", "IBKR_DELAYED_FROZEN"] as const;
export const QuoteSource = z.enum(QUOTE_SOURCES);
export type QuoteSource = z.infer<typeof QuoteSource>;

export const Quote = z.object({
  symbol: z.string(),
  conId: z.number().int(),
  bid: z.number(),
  ask: z.number(),
  last: z.number(),
  bidSize: z.number().min(0),
  askSize: z.number().min(0),
  lastSize: z.number().min(0),
  volume: z.number().min(0),
  timestamp: z.string(),
  lastTradeTime: z.string().nullable(),
  source: QuoteSource,
});
export type Quote = z.infer<typeof Quote>;

export const Bar = z.object({
  symbol: z.string(),
  time: z.string(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number().min(0),
  barSize: z.string(),
  source: z.literal("IBKR_HISTORICAL"),
});
export type Bar = z.infer<typeof Bar>;

export const HistoricalBarsResponse = z.object({
  symbol: z.string(),
  bars: z.array(Bar),
  barCount: z.number().int().min(0),
});
export type HistoricalBarsResponse = z.infer<typeof HistoricalBarsResponse>;

/** barSize, duration, whatToShow and endDateTime are strings here; their rules are 400s (historical-params.ts). */
export const HistoricalBarsRequest = strictObject({
  ...instrumentFields,
  barSize: z.string().describe("Bar size: 1s 5s 10s 15s 30s, 1m 2m 3m 5m 10m 15m 20m 30m, 1h 2h 3h 4h 8h, 1d, 1w, 1mo"),
  duration: z
    .string()
    .describe(
      "How far back: <n>s, <n>d, <n>w, <n>mo, <n>y or '<n> S|D|W|M|Y'; at least one bar, at most IB's step for the " +
        "bar size (1m: 1d, 5m: 1w, 1h: 1mo; 1d and larger: any)",
    ),
  whatToShow: z
    .string()
    .default("TRADES")
    .describe(
      "TRADES (default), MIDPOINT, BID, ASK, BID_ASK, HISTORICAL_VOLATILITY, OPTION_IMPLIED_VOLATILITY, ADJUSTED_LAST",
    ),
  rthOnly: z.boolean().default(true).describe("Only regular trading hours; default true"),
  endDateTime: z
    .string()
    .nullish()
    .describe("End of the window: ISO-8601 with a zone (2025-06-02T16:00:00Z), not in the future; default now"),
}).superRefine(monthFormOnlyForFutures);
export type HistoricalBarsRequest = z.infer<typeof HistoricalBarsRequest>;
