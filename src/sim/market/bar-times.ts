// Which bars a historical request covers: bar starts aligned to the bar size, weekdays only, and with useRTH the
// 09:30–16:00 New York session for stocks, ETFs and options (a bar straddling 09:30 starts at 09:30, as at IB).
// Prices are made in historical.ts.

import { isWeekday, weekday, yearMonth } from "./calendar.js";
import { durationSeconds, type BarSize, type Duration } from "./historical-request.js";
import { NEW_YORK, wallTime, wallToUtcMs } from "./zones.js";

const MS_PER_DAY = 86_400_000;
const RTH_OPEN_MINUTE = 9 * 60 + 30;
const RTH_CLOSE_MINUTE = 16 * 60;

export interface BarRequest {
  endMs: number;
  duration: Duration;
  barSize: BarSize;
  /** Restrict intraday bars to the regular session (stocks, ETFs and options with useRTH). */
  rth: boolean;
}

function nyDay(ms: number): number {
  return wallTime(NEW_YORK, ms).day;
}

/** "N D" counts trading days: the N most recent weekdays whose first bar has started by endMs. */
function tradingDaysStart(endMs: number, count: number, rth: boolean): number {
  let day = nyDay(endMs);
  for (let found = 0; ; day--) {
    const firstBarMs = wallToUtcMs(NEW_YORK, day, rth ? RTH_OPEN_MINUTE : 0);
    if (isWeekday(day) && firstBarMs < endMs) found++;
    if (found === count) return wallToUtcMs(NEW_YORK, day, 0);
  }
}

/** Start of the requested window in epoch ms; S, W, M and Y are calendar spans (M = 30 days, Y = 365 days). */
function windowStartMs(request: BarRequest): number {
  const { count, unit } = request.duration;
  if (unit === "D") return tradingDaysStart(request.endMs, count, request.rth);
  return request.endMs - durationSeconds(request.duration) * 1000;
}

/** IB labels a bar that straddles the open with the open itself (a 09:00 hour bar becomes 09:30). */
function rthStart(startMs: number, barMs: number): number | undefined {
  const day = nyDay(startMs);
  if (!isWeekday(day)) return undefined;
  const open = wallToUtcMs(NEW_YORK, day, RTH_OPEN_MINUTE);
  const close = wallToUtcMs(NEW_YORK, day, RTH_CLOSE_MINUTE);
  if (startMs + barMs <= open || startMs >= close) return undefined;
  return Math.max(startMs, open);
}

/** Intraday bar starts (epoch seconds), oldest first. */
export function intradayBarTimes(request: BarRequest): number[] {
  const startMs = windowStartMs(request);
  const barMs = request.barSize.seconds * 1000;
  const times: number[] = [];
  for (let t = Math.floor(startMs / barMs) * barMs; t < request.endMs; t += barMs) {
    const start = request.rth ? rthStart(t, barMs) : isWeekday(nyDay(t)) ? t : undefined;
    if (start !== undefined && start >= startMs) times.push(start / 1000);
  }
  return times;
}

/** The day that labels a day's, week's or month's bar: the day itself, the week's Monday, the month's first weekday. */
function periodLabel(day: number, kind: BarSize["kind"]): number {
  if (kind === "week") return day - ((weekday(day) + 6) % 7);
  if (kind !== "month") return day;
  const { year, month } = yearMonth(day);
  let first = Date.UTC(year, month - 1, 1) / MS_PER_DAY;
  while (!isWeekday(first)) first++;
  return first;
}

/** Daily, weekly or monthly bar dates as epoch seconds at 00:00 UTC, oldest first; weekdays only. */
export function periodBarTimes(request: BarRequest): number[] {
  const endDay = nyDay(request.endMs - 1);
  // The first whole day inside the window; "N D" windows already start at a midnight.
  const firstDay = nyDay(windowStartMs({ ...request, rth: false }) + MS_PER_DAY - 1);
  const labels: number[] = [];
  for (let day = firstDay; day <= endDay; day++) {
    if (!isWeekday(day)) continue;
    const label = periodLabel(day, request.barSize.kind);
    if (labels[labels.length - 1] !== label) labels.push(label);
  }
  return labels.map((day) => (day * MS_PER_DAY) / 1000);
}
