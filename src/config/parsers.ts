// Value parsers for configuration variables: each returns the parsed value or a problem text naming the variable.
// No I/O here; path checks live in paths.ts.

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const TRUE_WORDS = ["true", "1"];
const FALSE_WORDS = ["false", "0"];

/** Exactly true/false/1/0 (case-insensitive, trimmed); anything else is a problem naming the accepted values. */
export function parseBool(name: string, raw: string): Parsed<boolean> {
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(value)) return ok(true);
  if (FALSE_WORDS.includes(value)) return ok(false);
  return bad(`${name} must be one of true, false, 1, 0 (case-insensitive), got '${raw}'`);
}

export function parseIntInRange(name: string, raw: string, min: number, max: number, problem: string): Parsed<number> {
  const text = raw.trim();
  const value = Number(text);
  if (!INTEGER.test(text) || value < min || value > max) return bad(`${name} ${problem}, got '${raw}'`);
  return ok(value);
}

export function parsePort(name: string, raw: string, min = 1): Parsed<number> {
  return parseIntInRange(name, raw, min, 65535, `must be an integer between ${min} and 65535`);
}

export function parseClientId(name: string, raw: string): Parsed<number> {
  return parseIntInRange(name, raw, 0, 2147483647, "must be an integer");
}

export function parsePositiveNumber(name: string, raw: string): Parsed<number> {
  const text = raw.trim();
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value) || value <= 0) {
    return bad(`${name} must be a positive number, got '${raw}'`);
  }
  return ok(value);
}

export function parseNonNegativeNumber(name: string, raw: string): Parsed<number> {
  const text = raw.trim();
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value) || value < 0) {
    return bad(`${name} must be a number >= 0, got '${raw}'`);
  }
  return ok(value);
}

export function parsePositiveInteger(name: string, raw: string): Parsed<number> {
  return parseIntInRange(name, raw, 1, Number.MAX_SAFE_INTEGER, "must be a positive integer");
}

export function parseNonNegativeInteger(name: string, raw: string): Parsed<number> {
  return parseIntInRange(name, raw, 0, Number.MAX_SAFE_INTEGER, "must be a non-negative integer");
}

export function parseChoice<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  problem: string,
): Parsed<T> {
  const value = raw.trim().toLowerCase();
  return (choices as readonly string[]).includes(value) ? ok(value as T) : bad(`${name} ${problem}, got '${raw}'`);
}

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Case-insensitive; WARN is an alias of WARNING; anything else is a problem naming the accepted values. */
export function parseLogLevel(name: string, raw: string): Parsed<LogLevel> {
  const value = raw.trim().toUpperCase();
  if (value === "WARN") return ok("WARNING");
  if ((LOG_LEVELS as readonly string[]).includes(value)) return ok(value as LogLevel);
  return bad(`${name} must be one of ${LOG_LEVELS.join(", ")} (or WARN), case-insensitive, got '${raw}'`);
}

export type LogFormat = "json" | "text";

export function parseLogFormat(name: string, raw: string): Parsed<LogFormat> {
  return parseChoice(name, raw, ["json", "text"] as const, "must be 'json' or 'text' (case-insensitive)");
}

/** Comma list, items trimmed and upper-cased, empty items dropped, duplicates removed. */
export function parseSymbolList(raw: string | undefined): string[] {
  const items = (raw ?? "").split(",").map((s) => s.trim().toUpperCase());
  return [...new Set(items.filter((s) => s.length > 0))];
}

/** Loopback: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1") return true;
  const parts = h.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** A PostgreSQL connection URL (`postgres://` or `postgresql://`); the problem text never repeats the URL (it may
 *  hold a password). */
export function parseDatabaseUrl(name: string, raw: string): Parsed<string | null> {
  const value = raw.trim();
  if (value === "") return { ok: true, value: null };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: `${name} is not a URL: expected postgres://user:password@host:port/database` };
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    return { ok: false, problem: `${name} must start with postgres:// or postgresql:// (got ${url.protocol}//)` };
  }
  return { ok: true, value };
}
