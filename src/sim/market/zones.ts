// Wall-clock conversions for exchange time zones (America/New_York) using Intl, without a date library.
// Offsets are cached per UTC hour: US DST switches on whole hours, so a cached hour never straddles a switch.

export const NEW_YORK = "America/New_York";

const MS_PER_HOUR = 3_600_000;
const MAX_CACHED_OFFSETS = 50_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in `timeZone`. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const hourStart = Math.floor(utcMs / MS_PER_HOUR) * MS_PER_HOUR;
  const key = `${timeZone}:${hourStart}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const parts = formatter(timeZone).formatToParts(new Date(hourStart));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wallAsUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  const offset = wallAsUtc - hourStart;
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

export interface WallTime {
  /** Civil day number (days since 1970-01-01) of the wall-clock date. */
  day: number;
  /** Minutes since wall-clock midnight. */
  minuteOfDay: number;
}

export function wallTime(timeZone: string, utcMs: number): WallTime {
  const localMs = utcMs + zoneOffsetMs(timeZone, utcMs);
  const day = Math.floor(localMs / 86_400_000);
  return { day, minuteOfDay: Math.floor((localMs - day * 86_400_000) / 60_000) };
}

/** The UTC instant of a wall-clock time (day number + minutes) in `timeZone`. */
export function wallToUtcMs(timeZone: string, day: number, minuteOfDay: number): number {
  const wallAsUtc = day * 86_400_000 + minuteOfDay * 60_000;
  const first = wallAsUtc - zoneOffsetMs(timeZone, wallAsUtc);
  return wallAsUtc - zoneOffsetMs(timeZone, first);
}
