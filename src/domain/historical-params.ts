// Parsing of the historical-bars parameters (barSize, duration, whatToShow, endDateTime and their combination) into
// the broker's canonical strings, before anything reaches the broker. Every failure is a 400 VALIDATION_ERROR naming
// the field as the caller spelt it: `barSize` on REST, `bar_size` for the MCP tool (see HistoricalFieldNames).
import { GatewayError } from "./errors.js";

/** The names of the four parameters in the caller's vocabulary; messages and `details.field` use them. */
export interface HistoricalFieldNames {
  barSize: string;
  duration: string;
  whatToShow: string;
  endDateTime: string;
}

export const REST_HISTORICAL_NAMES: HistoricalFieldNames = {
  barSize: "barSize",
  duration: "duration",
  whatToShow: "whatToShow",
  endDateTime: "endDateTime",
};

export const WHAT_TO_SHOW = [
  "TRADES",
  "MIDPOINT",
  "BID",
  "ASK",
  "BID_ASK",
  "HISTORICAL_VOLATILITY",
  "OPTION_IMPLIED_VOLATILITY",
  "ADJUSTED_LAST",
] as const;

const SECONDS = { S: 1, D: 86_400, W: 604_800, M: 2_592_000, Y: 31_536_000 } as const;

interface BarUnit {
  spellings: readonly string[];
  allowed: readonly number[];
  seconds: number;
  output: (n: number) => string;
}
const BAR_UNITS: readonly BarUnit[] = [
  { spellings: ["s", "sec", "secs"], allowed: [1, 5, 10, 15, 30], seconds: 1, output: (n) => `${n} secs` },
  {
    spellings: ["m", "min", "mins"],
    allowed: [1, 2, 3, 5, 10, 15, 20, 30],
    seconds: 60,
    output: (n) => (n === 1 ? "1 min" : `${n} mins`),
  },
  {
    spellings: ["h", "hr", "hrs", "hour", "hours"],
    allowed: [1, 2, 3, 4, 8],
    seconds: 3600,
    output: (n) => (n === 1 ? "1 hour" : `${n} hours`),
  },
  { spellings: ["d", "day", "days"], allowed: [1], seconds: SECONDS.D, output: () => "1 day" },
  { spellings: ["w", "week", "weeks"], allowed: [1], seconds: SECONDS.W, output: () => "1 week" },
  { spellings: ["mo", "month", "months"], allowed: [1], seconds: SECONDS.M, output: () => "1 month" },
];

/**
 * IB's table of step sizes: each duration with the smallest and largest bar size it may be asked with (in seconds).
 * A bar size may be asked with any duration up to the largest row that allows it; day, week and month bars have no
 * upper bound (IB serves them over years).
 */
const STEP_SIZES: readonly { text: string; seconds: number; smallestBar: number; largestBar: number }[] = [
  { text: "60 S", seconds: 60, smallestBar: 1, largestBar: 60 },
  { text: "120 S", seconds: 120, smallestBar: 1, largestBar: 120 },
  { text: "1800 S", seconds: 1800, smallestBar: 1, largestBar: 1800 },
  { text: "3600 S", seconds: 3600, smallestBar: 5, largestBar: 3600 },
  { text: "14400 S", seconds: 14_400, smallestBar: 10, largestBar: 10_800 },
  { text: "28800 S", seconds: 28_800, smallestBar: 30, largestBar: 28_800 },
  { text: "1 D", seconds: SECONDS.D, smallestBar: 60, largestBar: SECONDS.D },
  { text: "2 D", seconds: 2 * SECONDS.D, smallestBar: 120, largestBar: SECONDS.D },
  { text: "1 W", seconds: SECONDS.W, smallestBar: 180, largestBar: SECONDS.W },
  { text: "1 M", seconds: SECONDS.M, smallestBar: 1800, largestBar: SECONDS.M },
  { text: "1 Y", seconds: SECONDS.Y, smallestBar: SECONDS.D, largestBar: SECONDS.M },
];

/** The step-table durations IB allows with bars of `barSeconds`, smallest first. */
export function durationsForBar(barSeconds: number): string[] {
  return STEP_SIZES.filter((row) => barSeconds >= row.smallestBar && barSeconds <= row.largestBar).map((r) => r.text);
}

const VALID_SIZES = "1s, 5s, 10s, 15s, 30s, 1m, 2m, 3m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 8h, 1d, 1w, 1mo";

function invalid(field: string, value: string, message: string): GatewayError {
  return new GatewayError("VALIDATION_ERROR", message, { status: 400, details: { field, value } });
}

export interface BarSize {
  /** Canonical broker string, e.g. "1 hour". */
  text: string;
  seconds: number;
}

export function parseBarSize(raw: string, names = REST_HISTORICAL_NAMES): BarSize {
  const text = raw.trim();
  const m = /^(\d+)\s*([A-Za-z]+)$/.exec(text);
  const field = names.barSize;
  if (m && m[2] === "M") {
    throw invalid(field, raw, `Invalid ${field}: '${raw}'. Ambiguous: use '1m' for minutes or '1mo' for months`);
  }
  const n = m ? Number(m[1]) : NaN;
  const unit = m ? BAR_UNITS.find((u) => u.spellings.includes((m[2] ?? "").toLowerCase())) : undefined;
  if (!unit || !unit.allowed.includes(n)) {
    throw invalid(field, raw, `Invalid ${field}: '${raw}'. Valid sizes include: ${VALID_SIZES}`);
  }
  return { text: unit.output(n), seconds: n * unit.seconds };
}

export interface Duration {
  /** Canonical broker string, e.g. "5 D". */
  text: string;
  seconds: number;
}

export function parseDuration(raw: string, names = REST_HISTORICAL_NAMES): Duration {
  const text = raw.trim();
  const compact = /^(\d+)(s|d|w|mo|y)$/i.exec(text);
  const spaced = /^(\d+) ([SDWMY])$/i.exec(text);
  const m = compact ?? spaced;
  const n = m ? Number(m[1]) : 0;
  if (!m || n <= 0) {
    throw invalid(
      names.duration,
      raw,
      `Invalid ${names.duration}: '${raw}'. Use e.g. 60s, 1d, 5d, 1w, 1mo, 1y or '<n> <S|D|W|M|Y>'`,
    );
  }
  const unit = (m[2] ?? "").toUpperCase().slice(0, 1) as keyof typeof SECONDS;
  return { text: `${n} ${unit}`, seconds: n * SECONDS[unit] };
}

export function parseWhatToShow(raw: string, names = REST_HISTORICAL_NAMES): (typeof WHAT_TO_SHOW)[number] {
  const value = raw.trim().toUpperCase();
  if ((WHAT_TO_SHOW as readonly string[]).includes(value)) return value as (typeof WHAT_TO_SHOW)[number];
  const field = names.whatToShow;
  throw invalid(field, raw, `Invalid ${field}: '${raw}'. Valid values: ${WHAT_TO_SHOW.join(", ")}`);
}

export const END_DATE_TIME_FORMATS =
  "ISO-8601 with a zone, e.g. 2025-06-02T16:00:00Z, 2025-06-02T12:00:00-04:00 or 2025-06-02T16:00Z (seconds and " +
  "fractions optional), not in the future";

/** ISO-8601 with an explicit zone, not in the future. Returns epoch ms. */
export function parseEndDateTime(raw: string, nowMs: number, names = REST_HISTORICAL_NAMES): number {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw.trim());
  const ms = Date.parse(raw.trim());
  const field = names.endDateTime;
  if (!zoned || Number.isNaN(ms)) {
    throw invalid(field, raw, `Invalid ${field}: '${raw}'. Accepted: ${END_DATE_TIME_FORMATS}`);
  }
  if (ms > nowMs) throw invalid(field, raw, `Invalid ${field}: '${raw}' is in the future`);
  return ms;
}

export function checkBarDurationCombination(bar: BarSize, duration: Duration, names = REST_HISTORICAL_NAMES): void {
  const field = names.duration;
  if (duration.seconds < bar.seconds) {
    throw invalid(
      field,
      duration.text,
      `Invalid combination: ${field} '${duration.text}' is shorter than one '${bar.text}' bar`,
    );
  }
  if (bar.seconds >= SECONDS.D) return;
  const allowed = durationsForBar(bar.seconds);
  const longest = STEP_SIZES.filter((row) => allowed.includes(row.text)).at(-1);
  if (longest !== undefined && duration.seconds > longest.seconds) {
    throw invalid(
      field,
      duration.text,
      `Invalid combination: ${names.barSize} '${bar.text}' allows a ${field} of at most ${longest.text}, got ` +
        `'${duration.text}'. Durations allowed with '${bar.text}' bars: up to ${longest.text} ` +
        `(IB's steps: ${allowed.join(", ")}); use a larger ${names.barSize} for a longer ${field}`,
    );
  }
}

export interface HistoricalParamsInput {
  barSize: string;
  duration: string;
  whatToShow: string;
  endDateTime?: string | null | undefined;
}

export interface ParsedHistoricalParams {
  bar: BarSize;
  duration: Duration;
  whatToShow: (typeof WHAT_TO_SHOW)[number];
  /** Epoch ms, or null for "now". */
  endMs: number | null;
}

/** Every historical-bars rule that needs no broker, in the order a caller reads them. */
export function parseHistoricalParams(
  input: HistoricalParamsInput,
  nowMs: number,
  names = REST_HISTORICAL_NAMES,
): ParsedHistoricalParams {
  const bar = parseBarSize(input.barSize, names);
  const duration = parseDuration(input.duration, names);
  const whatToShow = parseWhatToShow(input.whatToShow, names);
  const end = input.endDateTime ?? null;
  if (whatToShow === "ADJUSTED_LAST" && end !== null) {
    throw invalid(names.endDateTime, end, `${names.endDateTime} cannot be used with ${names.whatToShow} ADJUSTED_LAST`);
  }
  const endMs = end === null ? null : parseEndDateTime(end, nowMs, names);
  checkBarDurationCombination(bar, duration, names);
  return { bar, duration, whatToShow, endMs };
}

export type PnlTimeframe = "CURRENT" | "INTRADAY" | "1D";

/** Case-insensitive, default CURRENT; MTD/YTD are known but unsupported. */
export function parsePnlTimeframe(raw: string | null | undefined): PnlTimeframe {
  const value = (raw ?? "CURRENT").trim().toUpperCase() || "CURRENT";
  if (value === "CURRENT" || value === "INTRADAY" || value === "1D") return value;
  const supported = "(supported: CURRENT, INTRADAY, 1D)";
  const message =
    value === "MTD" || value === "YTD"
      ? `Invalid timeframe: '${raw}' is not supported ${supported}`
      : `Invalid timeframe: '${raw}' ${supported}`;
  throw new GatewayError("VALIDATION_ERROR", message, { status: 400, details: { field: "timeframe", value: raw } });
}
