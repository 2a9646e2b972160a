// Which bars a historical request covers: bar starts aligned to the bar size, weekdays only, stocks and options
// clipped to their session (a bar straddling the open starts at the open, as at IB), and daily/weekly/monthly bars
// only for sessions that have started by the end time, with how much of the last period had elapsed.
// Prices are made in historical.ts.

import { isWeekday, weekday, yearMonth } from "./calendar.js";
import { durationSeconds, type BarSize, type Duration } from "./historical-request.js";
import { NEW_YORK, wallTime, wallToUtcMs } from "./zones.js";

const MS_PER_DAY = 86_400_000;

/** A trading session in New York minutes relative to its trading day (negative = the evening before). */
export interface Session {
  openMinute: number;
  closeMinute: number;
}

export interface BarRequest {
  endMs: number;
  duration: Duration;
  barSize: BarSize;
  session: Session;
  /** Intraday bars only inside the session (stocks and options); else they cover whole weekdays. */
  clipIntraday: boolean;
}

export interface PeriodBars {
  /** Bar dates as epoch seconds at 00:00 UTC, oldest first. */
  times: number[];
  /** Share of the newest bar's sessions that had elapsed by the end time (1 = complete). */
  lastFraction: number;
  /** When the oldest bar's session opened (epoch ms); undefined without bars. */
  firstOpenMs: number | undefined;
}

function nyDay(ms: number): number {
  return wallTime(NEW_YORK, ms).day;
}

function openMs(day: number, session: Session): number {
  return wallToUtcMs(NEW_YORK, day, session.openMinute);
}

function closeMs(day: number, session: Session): number {
  return wallToUtcMs(NEW_YORK, day, session.closeMinute);
}

/** "N D" counts trading days: the N most recent weekdays whose first bar has started by endMs. */
function tradingDaysStart(endMs: number, count: number, firstMinute: number): number {
  let day = nyDay(endMs);
  for (let found = 0; ; day--) {
    if (isWeekday(day) && wallToUtcMs(NEW_YORK, day, firstMinute) < endMs) found++;
    if (found === count) return wallToUtcMs(NEW_YORK, day, 0);
  }
}

/** Start of an intraday window in epoch ms; S, W, M and Y are calendar spans (M = 30 days, Y = 365 days). */
function windowStartMs(request: BarRequest): number {
  const { count, unit } = request.duration;
  if (unit !== "D") return request.endMs - durationSeconds(request.duration) * 1000;
  return tradingDaysStart(request.endMs, count, request.clipIntraday ? request.session.openMinute : 0);
}

/** The bar's start clipped to the session, or undefined when the bar lies outside it. */
function sessionStart(startMs: number, barMs: number, session: Session): number | undefined {
  const day = nyDay(startMs);
  if (!isWeekday(day)) return undefined;
  const open = openMs(day, session);
  if (startMs + barMs <= open || startMs >= closeMs(day, session)) return undefined;
  return Math.max(startMs, open);
}

/** Intraday bar starts (epoch seconds), oldest first. */
export function intradayBarTimes(request: BarRequest): number[] {
  const startMs = windowStartMs(request);
  const barMs = request.barSize.seconds * 1000;
  const times: number[] = [];
  for (let t = Math.floor(startMs / barMs) * barMs; t < request.endMs; t += barMs) {
    const start = request.clipIntraday ? sessionStart(t, barMs, request.session) : isWeekday(nyDay(t)) ? t : undefined;
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

/** Trading days (weekdays) whose session opened before endMs, oldest first, as the request's duration selects. */
function startedDays(request: BarRequest): number[] {
  const { endMs, session, duration } = request;
  const started = (day: number) => isWeekday(day) && openMs(day, session) < endMs;
  // A session that opens the evening before (futures, FX) can belong to tomorrow's date.
  const lastDay = nyDay(endMs) + (session.openMinute < 0 ? 1 : 0);
  const days: number[] = [];
  if (duration.unit === "D") {
    for (let day = lastDay; days.length < duration.count; day--) if (started(day)) days.unshift(day);
    return days;
  }
  const firstDay = nyDay(endMs - durationSeconds(duration) * 1000 + MS_PER_DAY - 1);
  for (let day = firstDay; day <= lastDay; day++) if (started(day)) days.push(day);
  return days;
}

/** How much of the day's session had elapsed at endMs, 0..1. */
function elapsed(day: number, request: BarRequest): number {
  const open = openMs(day, request.session);
  const close = closeMs(day, request.session);
  return Math.min(1, Math.max(0, (request.endMs - open) / (close - open)));
}

function weekdaysOfPeriod(label: number, kind: BarSize["kind"]): number {
  if (kind === "week") return 5;
  if (kind !== "month") return 1;
  const { month } = yearMonth(label);
  let count = 0;
  for (let day = label; yearMonth(day).month === month; day++) if (isWeekday(day)) count++;
  return count;
}

/** Daily, weekly or monthly bars of the sessions that have started by endMs. */
export function periodBarTimes(request: BarRequest): PeriodBars {
  const kind = request.barSize.kind;
  const days = startedDays(request);
  const labels: number[] = [];
  for (const day of days) {
    const label = periodLabel(day, kind);
    if (labels[labels.length - 1] !== label) labels.push(label);
  }
  const lastLabel = labels[labels.length - 1];
  const lastDays = days.filter((day) => periodLabel(day, kind) === lastLabel);
  const covered = lastDays.reduce((sum, day) => sum + elapsed(day, request), 0);
  const lastFraction = lastLabel === undefined ? 1 : Math.min(1, covered / weekdaysOfPeriod(lastLabel, kind));
  const first = days[0];
  return {
    times: labels.map((day) => (day * MS_PER_DAY) / 1000),
    lastFraction,
    firstOpenMs: first === undefined ? undefined : openMs(first, request.session),
  };
}
