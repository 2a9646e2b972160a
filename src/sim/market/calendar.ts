// Civil-date arithmetic on day numbers (days since 1970-01-01) and the expiry rules.
// No holidays: the simulated exchanges are open every weekday, and contracts expire on the third Friday.

import { NEW_YORK, wallTime } from "./zones.js";

const MS_PER_DAY = 86_400_000;

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

export function isWeekday(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

export function yearMonth(day: number): { year: number; month: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** YYYYMMDD. */
export function formatYmd(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10).replaceAll("-", "");
}

export function parseYmd(text: string): number {
  return dayNumber(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)));
}

function addMonths(year: number, month: number, count: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function thirdFriday(year: number, month: number): number {
  const first = dayNumber(year, month, 1);
  const toFriday = (5 - weekday(first) + 7) % 7;
  return first + toFriday + 14;
}

/** Today's date in New York, the simulator's reference calendar for expiries and sessions. */
export function todayInNewYork(nowMs: number): number {
  return wallTime(NEW_YORK, nowMs).day;
}

/**
 * Third Fridays of the qualifying months that are today or later, nearest first.
 * A contract still trades on its last trade date, so "today" counts as unexpired.
 */
export function upcomingThirdFridays(today: number, count: number, months: readonly number[]): number[] {
  const start = yearMonth(today);
  const found: number[] = [];
  for (let offset = 0; found.length < count; offset++) {
    const { year, month } = addMonths(start.year, start.month, offset);
    if (!months.includes(month)) continue;
    const expiry = thirdFriday(year, month);
    if (expiry >= today) found.push(expiry);
  }
  return found;
}

export const QUARTERLY_MONTHS = [3, 6, 9, 12] as const;
export const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
