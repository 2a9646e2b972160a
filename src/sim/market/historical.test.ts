import { describe, expect, it } from "vitest";
import { Market } from "./market.js";
import type { HistoricalBar, HistoricalQuery } from "./types.js";
import { NEW_YORK, wallTime } from "./zones.js";

// Wednesday 4 June 2025, 14:00 New York (EDT, UTC-4).
const WEDNESDAY_1400_NY = Date.UTC(2025, 5, 4, 18, 0);
const AAPL = 265598;

function market(): Market {
  return new Market({ seed: 42, clock: { now: () => WEDNESDAY_1400_NY } });
}

function bars(m: Market, query: Partial<HistoricalQuery>): HistoricalBar[] {
  const result = m.historicalBars({
    conId: AAPL,
    endMs: WEDNESDAY_1400_NY,
    duration: "5 D",
    barSize: "1 hour",
    whatToShow: "TRADES",
    useRTH: true,
    ...query,
  });
  if ("error" in result) throw new Error(result.error);
  return result.bars;
}

function nyWeekday(timeSec: number): number {
  return new Date(wallTime(NEW_YORK, timeSec * 1000).day * 86_400_000).getUTCDay();
}

function nyMinute(timeSec: number): number {
  return wallTime(NEW_YORK, timeSec * 1000).minuteOfDay;
}

describe("historical bars", () => {
  it("keeps every bar's OHLC consistent and closes the newest bar at the current price", () => {
    const m = market();
    m.pin("AAPL", { bid: 199.99, ask: 200.01, last: 200 });
    const hourly = bars(m, {});
    for (const bar of hourly) {
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.volume).toBeGreaterThan(0);
      expect(bar.wap).toBeGreaterThanOrEqual(bar.low);
      expect(bar.wap).toBeLessThanOrEqual(bar.high);
    }
    expect(hourly.at(-1)?.close).toBe(200);
    for (let i = 1; i < hourly.length; i++) expect(hourly[i]?.open).toBe(hourly[i - 1]?.close);
  });

  it("with useRTH gives stocks only 09:30–16:00 New York bars on weekdays, the open bar labelled 09:30", () => {
    const hourly = bars(market(), { duration: "1 W" });
    expect(hourly.length).toBeGreaterThan(0);
    for (const bar of hourly) {
      expect(nyMinute(bar.timeSec)).toBeGreaterThanOrEqual(9 * 60 + 30);
      expect(nyMinute(bar.timeSec)).toBeLessThan(16 * 60);
      expect([1, 2, 3, 4, 5]).toContain(nyWeekday(bar.timeSec));
    }
    const today = hourly.filter((bar) => bar.timeSec * 1000 >= Date.UTC(2025, 5, 4));
    expect(today.map((bar) => nyMinute(bar.timeSec) / 60)).toEqual([9.5, 10, 11, 12, 13]);
  });

  it("follows New York winter time: the session opens at 14:30 UTC in January", () => {
    const january = Date.UTC(2025, 0, 15, 20, 0);
    const m = new Market({ seed: 42, clock: { now: () => january } });
    const hourly = bars(m, { endMs: january, duration: "1 D" });
    expect(hourly.map((bar) => new Date(bar.timeSec * 1000).toISOString().slice(11, 16))).toEqual([
      "14:30",
      "15:00",
      "16:00",
      "17:00",
      "18:00",
      "19:00",
    ]);
  });

  it("counts 'N D' as trading days and aligns intraday bars to the bar size", () => {
    const fiveMinutes = bars(market(), { duration: "2 D", barSize: "5 mins" });
    const days = new Set(fiveMinutes.map((bar) => wallTime(NEW_YORK, bar.timeSec * 1000).day));
    expect(days.size).toBe(2);
    expect(fiveMinutes.every((bar) => bar.timeSec % 300 === 0)).toBe(true);
    expect(fiveMinutes).toHaveLength(78 + 54);
    expect(fiveMinutes.at(-1)?.timeSec).toBe((WEDNESDAY_1400_NY - 300_000) / 1000);
  });

  it("without useRTH covers the whole weekday but never a weekend", () => {
    const m = market();
    const es = m.find({ symbol: "ES", secType: "FUT" })[0]?.conId ?? 0;
    const hourly = bars(m, { conId: es, duration: "1 W", useRTH: false });
    expect(hourly.some((bar) => nyMinute(bar.timeSec) < 9 * 60)).toBe(true);
    expect(hourly.every((bar) => [1, 2, 3, 4, 5].includes(nyWeekday(bar.timeSec)))).toBe(true);
    const rthIgnored = bars(m, { conId: es, duration: "1 W", useRTH: true });
    expect(rthIgnored).toHaveLength(hourly.length);
  });

  it("gives daily bars on weekdays only, dated at 00:00 UTC", () => {
    const daily = bars(market(), { duration: "1 M", barSize: "1 day" });
    expect(daily).toHaveLength(22);
    for (const bar of daily) {
      expect(bar.timeSec % 86_400).toBe(0);
      expect([1, 2, 3, 4, 5]).toContain(new Date(bar.timeSec * 1000).getUTCDay());
    }
    expect(new Date((daily.at(-1)?.timeSec ?? 0) * 1000).toISOString()).toBe("2025-06-04T00:00:00.000Z");
    expect(bars(market(), { duration: "5 D", barSize: "1 day" })).toHaveLength(5);
    const weekly = bars(market(), { duration: "1 M", barSize: "1 week" });
    expect(weekly.every((bar) => new Date(bar.timeSec * 1000).getUTCDay() === 1)).toBe(true);
  });

  it("never gives a daily bar for a session that has not opened yet", () => {
    // Wednesday 4 June 2025, 01:44 New York: neither the regular session nor the pre-market has opened.
    const early = Date.UTC(2025, 5, 4, 5, 44);
    const dates = (useRTH: boolean) =>
      bars(market(), { endMs: early, duration: "1 M", barSize: "1 day", useRTH }).map((bar) =>
        new Date(bar.timeSec * 1000).toISOString().slice(0, 10),
      );
    expect(dates(true).at(-1)).toBe("2025-06-03");
    expect(dates(false).at(-1)).toBe("2025-06-03");
    expect(bars(market(), { endMs: early, duration: "1 D", barSize: "1 day" })).toHaveLength(1);
    const weekly = bars(market(), { endMs: Date.UTC(2025, 5, 2, 5, 0), duration: "1 M", barSize: "1 week" });
    expect(new Date((weekly.at(-1)?.timeSec ?? 0) * 1000).toISOString().slice(0, 10)).toBe("2025-05-26");
  });

  it("at 08:00 New York includes today's daily bar only from the pre-market, and only up to the end time", () => {
    const eight = Date.UTC(2025, 5, 4, 12, 0);
    const rth = bars(market(), { endMs: eight, duration: "1 M", barSize: "1 day", useRTH: true });
    expect(new Date((rth.at(-1)?.timeSec ?? 0) * 1000).toISOString().slice(0, 10)).toBe("2025-06-03");
    const all = bars(market(), { endMs: eight, duration: "1 M", barSize: "1 day", useRTH: false });
    expect(new Date((all.at(-1)?.timeSec ?? 0) * 1000).toISOString().slice(0, 10)).toBe("2025-06-04");
    // Four of the sixteen extended-hours hours have passed: a quarter of a day's volume at most.
    const today = all.at(-1)?.volume ?? 0;
    expect(today).toBeLessThan(Math.min(...all.slice(0, -1).map((bar) => bar.volume)));
  });

  it("without useRTH gives stocks bars from 04:00 to 20:00 New York only", () => {
    const hourly = bars(market(), { duration: "2 D", barSize: "1 hour", useRTH: false });
    expect(hourly.length).toBeGreaterThan(0);
    expect(Math.min(...hourly.map((bar) => nyMinute(bar.timeSec)))).toBe(4 * 60);
    expect(Math.max(...hourly.map((bar) => nyMinute(bar.timeSec)))).toBe(19 * 60);
  });

  it("gives MIDPOINT, BID, ASK and BID_ASK bars without volume, bids below asks", () => {
    const m = market();
    const mid = bars(m, { whatToShow: "MIDPOINT" });
    const bid = bars(m, { whatToShow: "BID" });
    const ask = bars(m, { whatToShow: "ASK" });
    const both = bars(m, { whatToShow: "BID_ASK" });
    expect(mid.every((bar) => bar.volume === -1 && bar.wap === -1 && bar.count === -1)).toBe(true);
    bid.forEach((bar, i) => expect(bar.close).toBeLessThan(ask[i]?.close ?? 0));
    expect(ask.at(-1)?.close).toBe(m.quote(AAPL).ask);
    for (const bar of both) {
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
    }
    const volatility = bars(m, { whatToShow: "HISTORICAL_VOLATILITY", barSize: "1 day", duration: "1 M" });
    expect(volatility.every((bar) => bar.close > 0.1 && bar.close < 0.5)).toBe(true);
  });

  it("is deterministic for a seed and differs for another seed", () => {
    const query = { duration: "3600 S", barSize: "1 min" };
    expect(bars(market(), query)).toEqual(bars(market(), query));
    const other = new Market({ seed: 43, clock: { now: () => WEDNESDAY_1400_NY } });
    other.pin("AAPL", market().quote(AAPL));
    expect(bars(other, query).map((bar) => bar.open)).not.toEqual(bars(market(), query).map((bar) => bar.open));
  });

  it("refuses unparseable requests with IB-style errors", () => {
    const m = market();
    const ask = (query: Partial<HistoricalQuery>): unknown =>
      m.historicalBars({
        conId: AAPL,
        endMs: WEDNESDAY_1400_NY,
        duration: "1 D",
        barSize: "1 hour",
        whatToShow: "TRADES",
        useRTH: true,
        ...query,
      });
    expect(ask({ barSize: "2 days" })).toMatchObject({
      code: 321,
      error: expect.stringContaining("bar size setting is invalid"),
    });
    expect(ask({ duration: "5 days" })).toMatchObject({ code: 321, error: expect.stringContaining("duration") });
    expect(ask({ whatToShow: "SCHEDULE" })).toMatchObject({ code: 321 });
    expect(ask({ duration: "1 Y", barSize: "1 secs" })).toMatchObject({
      code: 162,
      error: expect.stringContaining("Time length exceed max"),
    });
    expect(ask({ duration: "1000 Y", barSize: "1 day" })).toMatchObject({ code: 162 });
    expect(ask({ conId: 1 })).toMatchObject({ code: 200 });
  });
});
