// Parsing of the historical-bars parameters (barSize, duration, whatToShow, endDateTime and their
// combination) into the broker's canonical strings. Every failure is a 400 VALIDATION_ERROR naming the field.
import { GatewayError } from "./errors.js";

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

/** Max duration in seconds for the short bar sizes. */
const MAX_DURATION_S: Record<string, number> = {
  "1 secs": 1800,
  "5 secs": 3600,
  "10 secs": 14_400,
  "15 secs": 14_400,
  "30 secs": 28_800,
};

const VALID_SIZES = "1s, 5s, 10s, 15s, 30s, 1m, 2m, 3m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 8h, 1d, 1w, 1mo";

function invalid(field: string, value: string, message: string): GatewayError {
  return new GatewayError("VALIDATION_ERROR", message, { status: 400, details: { field, value } });
}

export interface BarSize {
  /** Canonical broker string, e.g. "1 hour". */
  text: string;
  seconds: number;
}

export function parseBarSize(raw: string): BarSize {
  const text = raw.trim();
  const m = /^(\d+)\s*([A-Za-z]+)$/.exec(text);
  if (m && m[2] === "M") {
    throw invalid("barSize", raw, `Invalid bar_size: '${raw}'. Ambiguous: use '1m' for minutes or '1mo' for months`);
  }
  const n = m ? Number(m[1]) : NaN;
  const unit = m ? BAR_UNITS.find((u) => u.spellings.includes((m[2] ?? "").toLowerCase())) : undefined;
  if (!unit || !unit.allowed.includes(n)) {
    throw invalid("barSize", raw, `Invalid bar_size: '${raw}'. Valid sizes include: ${VALID_SIZES}`);
  }
  return { text: unit.output(n), seconds: n * unit.seconds };
}

export interface Duration {
  /** Canonical broker string, e.g. "5 D". */
  text: string;
  seconds: number;
}

export function parseDuration(raw: string): Duration {
  const text = raw.trim();
  const compact = /^(\d+)(s|d|w|mo|y)$/i.exec(text);
  const spaced = /^(\d+) ([SDWMY])$/i.exec(text);
  const m = compact ?? spaced;
  const n = m ? Number(m[1]) : 0;
  if (!m || n <= 0) {
    throw invalid(
      "duration",
      raw,
      `Invalid duration: '${raw}'. Use e.g. 60s, 1d, 5d, 1w, 1mo, 1y or '<n> <S|D|W|M|Y>'`,
    );
  }
  const unit = (m[2] ?? "").toUpperCase().slice(0, 1) as keyof typeof SECONDS;
  return { text: `${n} ${unit}`, seconds: n * SECONDS[unit] };
}

export function parseWhatToShow(raw: string): (typeof WHAT_TO_SHOW)[number] {
  const value = raw.trim().toUpperCase();
  if ((WHAT_TO_SHOW as readonly string[]).includes(value)) return value as (typeof WHAT_TO_SHOW)[number];
  throw invalid("whatToShow", raw, `Invalid what_to_show: '${raw}'. Valid values: ${WHAT_TO_SHOW.join(", ")}`);
}

/** ISO-8601 with an explicit zone, not in the future. Returns epoch ms. */
export function parseEndDateTime(raw: string, nowMs: number): number {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw.trim());
  const ms = Date.parse(raw.trim());
  if (!zoned || Number.isNaN(ms) || ms > nowMs) {
    throw invalid("endDateTime", raw, `Invalid endDateTime: '${raw}'`);
  }
  return ms;
}

export function checkBarDurationCombination(bar: BarSize, duration: Duration): void {
  if (duration.seconds < bar.seconds) {
    throw invalid(
      "duration",
      duration.text,
      `Invalid combination: duration '${duration.text}' is shorter than one '${bar.text}' bar`,
    );
  }
  const max = MAX_DURATION_S[bar.text];
  if (max !== undefined && duration.seconds > max) {
    throw invalid(
      "duration",
      duration.text,
      `Invalid combination: barSize '${bar.text}' allows a duration of at most ${max} S, got '${duration.text}'`,
    );
  }
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
