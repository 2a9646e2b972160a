// Deterministic historical bars: a walk backwards from the current price, one seeded draw per bar,
// so the newest bar closes at today's price and a given bar time always gets the same relative move.

import { intradayBarTimes, periodBarTimes, type BarRequest, type Session } from "./bar-times.js";
import { fnv1a32, mulberry32 } from "./hash.js";
import {
  durationSeconds,
  isHistoricalError,
  parseBarSize,
  parseDuration,
  parseSeries,
  type Series,
} from "./historical-request.js";
import { midOf } from "./price-model.js";
import { ceilToTick, floorToTick, roundToTick } from "./ticks.js";
import type { HistoricalBar, HistoricalError, HistoricalQuery, Instrument, Quote } from "./types.js";

const MAX_BARS = 100_000;
const VOLATILITY_TICK = 0.0001;
const TOO_LONG: HistoricalError = {
  code: 162,
  error: "Historical Market Data Service error message:Time length exceed max.",
};

interface Leg {
  open: number;
  high: number;
  low: number;
  close: number;
}

interface Draw {
  legs: Leg[];
  volumeShares: number[];
}

/** Per-bar relative moves, drawn from a generator keyed by (seed, instrument, bar size, bar time). */
function walkBack(
  times: number[],
  barSec: number,
  anchor: number,
  seed: number,
  key: string,
  tick: number,
  sigmaScale = 1,
  lastFraction = 1,
): Draw {
  const fullSigma = Math.min(0.05, 0.0002 * Math.sqrt(barSec / 60)) * sigmaScale;
  const legs: Leg[] = new Array<Leg>(times.length);
  const volumeShares: number[] = new Array<number>(times.length);
  let price = anchor;
  for (let i = times.length - 1; i >= 0; i--) {
    // A bar still in progress has moved (and traded) only for the part of its session that has elapsed.
    const sigma = i === times.length - 1 ? fullSigma * Math.sqrt(lastFraction) : fullSigma;
    const random = mulberry32((seed ^ fnv1a32(`${key}:${barSec}:${times[i]}`)) >>> 0);
    const move = (random() * 2 - 1) * sigma * Math.sqrt(3);
    const openRaw = price / (1 + move);
    const open = Math.max(tick, roundToTick(openRaw, tick));
    const close = Math.max(tick, roundToTick(price, tick));
    const high = ceilToTick(Math.max(openRaw, price) * (1 + random() * sigma * 0.5), tick);
    const low = Math.max(tick, floorToTick(Math.min(openRaw, price) * (1 - random() * sigma * 0.5), tick));
    legs[i] = { open, close, high: Math.max(high, open, close), low: Math.min(low, open, close) };
    volumeShares[i] = (0.5 + random()) * (i === times.length - 1 ? lastFraction : 1);
    price = openRaw;
  }
  return { legs, volumeShares };
}

function anchorOf(series: Series, quote: Quote): number {
  const mid = midOf(quote);
  if (series === "BID") return quote.bid > 0 ? quote.bid : mid;
  if (series === "ASK") return quote.ask > 0 ? quote.ask : mid;
  if (series === "MIDPOINT") return mid;
  return quote.last > 0 ? quote.last : mid;
}

/** Daily volume per instrument kind; indices report none, FX is quoted as midpoints (no volume at all). */
function dailyVolume(instrument: Instrument): number | undefined {
  if (instrument.secType === "CASH") return undefined;
  if (instrument.secType === "IND") return 0;
  return instrument.secType === "OPT" ? 2_000 : 1_000_000;
}

function tradesBar(leg: Leg, timeSec: number, volume: number, tick: number): HistoricalBar {
  const wap = roundToTick((leg.high + leg.low + leg.close) / 3, tick);
  return { timeSec, ...leg, volume, wap, count: volume === 0 ? 0 : Math.max(1, Math.round(volume / 100)) };
}

function quoteOnlyBar(leg: Leg, timeSec: number): HistoricalBar {
  return { timeSec, ...leg, volume: -1, wap: -1, count: -1 };
}

interface SeriesInput {
  instrument: Instrument;
  quote: Quote;
  times: number[];
  barSec: number;
  seed: number;
  /** Share of the newest bar's period that has elapsed (period bars in progress). */
  lastFraction: number;
}

function seriesBars(series: Series, input: SeriesInput): HistoricalBar[] {
  const { instrument, quote, times, barSec, seed, lastFraction } = input;
  const key = `${instrument.conId}`;
  if (series === "HISTORICAL_VOLATILITY" || series === "OPTION_IMPLIED_VOLATILITY") {
    const anchor = series === "HISTORICAL_VOLATILITY" ? 0.25 : 0.3;
    const { legs } = walkBack(times, barSec, anchor, seed, `${key}:${series}`, VOLATILITY_TICK, 3, lastFraction);
    return legs.map((leg, i) => quoteOnlyBar(leg, times[i] ?? 0));
  }
  const tick = instrument.minTick;
  if (series === "BID_ASK") {
    const bids = walkBack(times, barSec, anchorOf("BID", quote), seed, key, tick, 1, lastFraction).legs;
    const asks = walkBack(times, barSec, anchorOf("ASK", quote), seed, key, tick, 1, lastFraction).legs;
    return bids.map((bid, i) => {
      const ask = asks[i] ?? bid;
      const leg = {
        open: bid.open,
        close: ask.close,
        high: Math.max(ask.high, bid.open),
        low: Math.min(bid.low, ask.close),
      };
      return quoteOnlyBar(leg, times[i] ?? 0);
    });
  }
  const { legs, volumeShares } = walkBack(times, barSec, anchorOf(series, quote), seed, key, tick, 1, lastFraction);
  const daily = dailyVolume(instrument);
  const tradesLike = series === "TRADES" || series === "ADJUSTED_LAST";
  if (!tradesLike || daily === undefined) return legs.map((leg, i) => quoteOnlyBar(leg, times[i] ?? 0));
  const fraction = barSec >= 86_400 ? barSec / 86_400 : barSec / 23_400;
  return legs.map((leg, i) => {
    const volume = daily === 0 ? 0 : Math.max(1, Math.round(daily * fraction * (volumeShares[i] ?? 1)));
    return tradesBar(leg, times[i] ?? 0, volume, tick);
  });
}

const REGULAR: Session = { openMinute: 9 * 60 + 30, closeMinute: 16 * 60 };
/** Stocks outside regular hours: pre-market from 04:00, after-hours until 20:00 New York. */
const EXTENDED: Session = { openMinute: 4 * 60, closeMinute: 20 * 60 };
/** CME equity futures: 17:00–16:00 Chicago = 18:00 the evening before to 17:00 New York. */
const FUTURES: Session = { openMinute: -6 * 60, closeMinute: 17 * 60 };
/** IDEALPRO FX: 17:15 the evening before to 17:00 New York. */
const FX: Session = { openMinute: -(6 * 60 + 45), closeMinute: 17 * 60 };
const WHOLE_DAY: Session = { openMinute: 0, closeMinute: 24 * 60 };

/** The session bars are cut to (New York time); only stocks and options clip intraday bars to it. */
function sessionOf(instrument: Instrument, useRTH: boolean): { session: Session; clipIntraday: boolean } {
  switch (instrument.secType) {
    case "STK":
      return { session: useRTH ? REGULAR : EXTENDED, clipIntraday: true };
    case "OPT":
      return { session: REGULAR, clipIntraday: true };
    case "IND":
      return { session: REGULAR, clipIntraday: false };
    case "FUT":
      return { session: FUTURES, clipIntraday: false };
    case "CASH":
      return { session: FX, clipIntraday: false };
    default:
      return { session: WHOLE_DAY, clipIntraday: false };
  }
}

export interface HistoricalResult {
  bars: HistoricalBar[];
  /** Start of the data: the first intraday bar, or the session open of the first period bar's first day. */
  startMs: number | undefined;
}

export function historicalBars(
  instrument: Instrument,
  quote: Quote,
  query: HistoricalQuery,
  seed: number,
): HistoricalResult | HistoricalError {
  const barSize = parseBarSize(query.barSize);
  if (isHistoricalError(barSize)) return barSize;
  const duration = parseDuration(query.duration);
  if (isHistoricalError(duration)) return duration;
  const series = parseSeries(query.whatToShow);
  if (typeof series !== "string") return series;
  const request: BarRequest = { endMs: query.endMs, duration, barSize, ...sessionOf(instrument, query.useRTH) };
  if (durationSeconds(duration) / barSize.seconds > MAX_BARS) return TOO_LONG;
  const input = { instrument, quote, barSec: barSize.seconds, seed };
  if (barSize.kind === "intraday") {
    const times = intradayBarTimes(request);
    const first = times[0];
    const bars = seriesBars(series, { ...input, times, lastFraction: 1 });
    return { bars, startMs: first === undefined ? undefined : first * 1000 };
  }
  const { times, lastFraction, firstOpenMs } = periodBarTimes(request);
  return { bars: seriesBars(series, { ...input, times, lastFraction }), startMs: firstOpenMs };
}
