// Parsing of IB's historical-data request strings (duration, bar size, whatToShow) with IB-style refusals.
// Only the broker's forms are accepted here; the gateway's friendlier spellings are translated on the client side.

import type { HistoricalError } from "./types.js";

export type DurationUnit = "S" | "D" | "W" | "M" | "Y";
export type BarKind = "intraday" | "day" | "week" | "month";

export interface Duration {
  count: number;
  unit: DurationUnit;
}

export interface BarSize {
  seconds: number;
  kind: BarKind;
}

export type Series =
  | "TRADES"
  | "MIDPOINT"
  | "BID"
  | "ASK"
  | "BID_ASK"
  | "ADJUSTED_LAST"
  | "HISTORICAL_VOLATILITY"
  | "OPTION_IMPLIED_VOLATILITY";

const SERIES: readonly Series[] = [
  "TRADES",
  "MIDPOINT",
  "BID",
  "ASK",
  "BID_ASK",
  "ADJUSTED_LAST",
  "HISTORICAL_VOLATILITY",
  "OPTION_IMPLIED_VOLATILITY",
];

const LEGAL_BAR_SIZES =
  "1 secs, 5 secs, 10 secs, 15 secs, 30 secs, 1 min, 2 mins, 3 mins, 5 mins, 10 mins, 15 mins, 20 mins, 30 mins, " +
  "1 hour, 2 hours, 3 hours, 4 hours, 8 hours, 1 day, 1W, 1M";

interface UnitRule {
  seconds: number;
  kind: BarKind;
  counts: readonly number[];
}

const BAR_UNITS: Record<string, UnitRule> = {
  secs: { seconds: 1, kind: "intraday", counts: [1, 5, 10, 15, 30] },
  min: { seconds: 60, kind: "intraday", counts: [1] },
  mins: { seconds: 60, kind: "intraday", counts: [2, 3, 5, 10, 15, 20, 30] },
  hour: { seconds: 3600, kind: "intraday", counts: [1] },
  hours: { seconds: 3600, kind: "intraday", counts: [2, 3, 4, 8] },
  day: { seconds: 86_400, kind: "day", counts: [1] },
  week: { seconds: 604_800, kind: "week", counts: [1] },
  w: { seconds: 604_800, kind: "week", counts: [1] },
  month: { seconds: 2_592_000, kind: "month", counts: [1] },
  m: { seconds: 2_592_000, kind: "month", counts: [1] },
};

function invalid(cause: string): HistoricalError {
  return { code: 321, error: `Error validating request.-'bK' : cause - ${cause}` };
}

export function parseBarSize(text: string): BarSize | HistoricalError {
  const match = /^(\d+)\s*([A-Za-z]+)$/.exec(text.trim());
  const rule = match === null ? undefined : BAR_UNITS[(match[2] ?? "").toLowerCase()];
  const count = Number(match?.[1]);
  if (rule === undefined || !rule.counts.includes(count)) {
    return invalid(`Historical data bar size setting is invalid. Legal ones are: ${LEGAL_BAR_SIZES}`);
  }
  return { seconds: rule.seconds * count, kind: rule.kind };
}

export function parseDuration(text: string): Duration | HistoricalError {
  const match = /^(\d+)\s+([SDWMY])$/.exec(text.trim());
  const count = Number(match?.[1]);
  if (match === null || count <= 0) {
    return invalid(`Historical data duration '${text}' is invalid. Use '<n> S', '<n> D', '<n> W', '<n> M' or '<n> Y'`);
  }
  return { count, unit: match[2] as DurationUnit };
}

const DURATION_UNIT_SECONDS: Record<DurationUnit, number> = {
  S: 1,
  D: 86_400,
  W: 604_800,
  M: 2_592_000,
  Y: 31_536_000,
};

/** Nominal length of a duration (a month is 30 days, a year 365), used to bound the number of bars. */
export function durationSeconds(duration: Duration): number {
  return duration.count * DURATION_UNIT_SECONDS[duration.unit];
}

export function parseSeries(text: string): Series | HistoricalError {
  const wanted = text.trim().toUpperCase();
  const series = SERIES.find((candidate) => candidate === wanted);
  return series ?? invalid(`Historical data type '${text}' is not supported. Supported: ${SERIES.join(", ")}`);
}

export function isHistoricalError(value: object): value is HistoricalError {
  return "error" in value;
}
