// Date and time text as TWS writes and reads it: `YYYYMMDD HH:MM:SS <zone>` in an exchange zone, epoch seconds,
// `YYYYMMDD` for daily bars, and the request forms (`…-HH:MM:SS` is UTC). Uses Intl; no date library.

/** Zone of the simulated TWS login: execution times and zone-less request times use it. */
export const TWS_ZONE = "America/New_York";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

function wallClock(
  ms: number,
  timeZone: string,
): Record<"year" | "month" | "day" | "hour" | "minute" | "second", string> {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** `YYYYMMDD HH:MM:SS <zone>`. */
export function formatZoned(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}${w.month}${w.day} ${w.hour}:${w.minute}:${w.second} ${timeZone}`;
}

/** `YYYYMMDD` of a UTC date (daily bars carry their trading date at 00:00 UTC). */
export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");
}

/** Bar date as HISTORICAL_DATA carries it for formatDate 1 (text) or 2 (epoch seconds); daily bars always YYYYMMDD. */
export function formatBarDate(timeSec: number, daily: boolean, formatDate: number, timeZone: string): string {
  if (daily) return formatUtcDate(timeSec * 1000);
  return formatDate === 2 ? String(timeSec) : formatZoned(timeSec * 1000, timeZone);
}

function offsetMs(timeZone: string, utcMs: number): number {
  const w = wallClock(utcMs, timeZone);
  const asUtc = Date.UTC(+w.year, +w.month - 1, +w.day, +w.hour, +w.minute, +w.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const DATE_TIME = /^(\d{4})(\d{2})(\d{2})(?:([ -])\s*(\d{2}):(\d{2}):(\d{2}))?(?:\s+(\S+))?$/;

/**
 * Parses a request time: empty = now; `YYYYMMDD-HH:MM:SS` = UTC; `YYYYMMDD HH:MM:SS [zone]` = that zone (the TWS
 * zone when absent). Undefined when unreadable or the zone is unknown.
 */
export function parseTwsTime(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return nowMs;
  const m = DATE_TIME.exec(trimmed);
  if (!m) return undefined;
  const wall = Date.UTC(
    +(m[1] as string),
    +(m[2] as string) - 1,
    +(m[3] as string),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
    +(m[7] ?? 0),
  );
  if (Number.isNaN(wall)) return undefined;
  if (m[4] === "-") return wall;
  const zone = m[8] ?? TWS_ZONE;
  try {
    const guess = wall - offsetMs(zone, wall);
    return wall - offsetMs(zone, guess);
  } catch {
    return undefined;
  }
}
