// Read-only market operations: snapshot quote, historical bars and contract resolution.
// Classification of broker errors and pacing live in the broker adapter; these add the interface-neutral shape.
import {
  HistoricalBarsRequest,
  HistoricalBarsResponse,
  Quote,
  QuoteRequest,
  ResolvedContract,
  SymbolSpec,
} from "../domain/index.js";
import { defineOperation } from "./operation.js";

/** Historical bars may take longer than other requests. */
export const HISTORICAL_REQUEST_TIMEOUT_SEC = 60;

export const getQuote = defineOperation({
  name: "get_quote",
  summary: "Snapshot quote (bid, ask, last, sizes, volume) for an instrument",
  input: QuoteRequest,
  output: Quote,
  needsBroker: true,
  run: ({ broker }, input, ctx) => broker.marketData.quote(input, ctx.signal ? { signal: ctx.signal } : {}),
});

export const getHistoricalData = defineOperation({
  name: "get_historical_data",
  summary: "Historical OHLCV bars for an instrument",
  input: HistoricalBarsRequest,
  output: HistoricalBarsResponse,
  needsBroker: true,
  run: ({ broker }, input, ctx) => broker.marketData.historical(input, ctx.signal ? { signal: ctx.signal } : {}),
});

export const resolveContract = defineOperation({
  name: "resolve_contract",
  summary: "Resolve an instrument description to the broker's contract (conId, exchange, expiry, multiplier)",
  input: SymbolSpec,
  output: ResolvedContract,
  needsBroker: true,
  run: ({ broker }, input, ctx) => broker.contracts.resolve(input, ctx.signal),
});
