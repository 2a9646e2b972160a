import { describe, expect, it } from "vitest";
import { GatewayError } from "./errors.js";
import {
  checkBarDurationCombination,
  durationsForBar,
  END_DATE_TIME_FORMATS,
  parseHistoricalParams,
  parseBarSize,
  parseDuration,
  parseEndDateTime,
  parsePnlTimeframe,
  parseWhatToShow,
} from "./historical-params.js";

function failure(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error("expected a GatewayError");
}

describe("barSize", () => {
  it.each([
    ["1s", "1 secs"],
    ["5 secs", "5 secs"],
    ["1m", "1 min"],
    ["5 MINS", "5 mins"],
    ["1h", "1 hour"],
    [" 4 hours ", "4 hours"],
    ["1d", "1 day"],
    ["1W", "1 week"],
    ["1mo", "1 month"],
    ["1 Month", "1 month"],
  ])("%j → %j", (raw, text) => {
    expect(parseBarSize(raw).text).toBe(text);
  });

  it("rejects ambiguous M and everything else, naming the field", () => {
    const amb = failure(() => parseBarSize("1M"));
    expect(amb.message).toBe("Invalid barSize: '1M'. Ambiguous: use '1m' for minutes or '1mo' for months");
    expect(amb.details).toEqual({ field: "barSize", value: "1M" });
    expect(failure(() => parseBarSize("5 M")).message).toContain("Ambiguous");
    for (const raw of ["2d", "", "invalid", "7m", "0h"]) {
      const err = failure(() => parseBarSize(raw));
      expect(err.status).toBe(400);
      expect(err.message).toMatch(new RegExp(`^Invalid barSize: '${raw}'. Valid sizes include: 1s, 5s`));
    }
  });
});

describe("duration", () => {
  it.each([
    ["60s", "60 S"],
    ["1d", "1 D"],
    ["5D", "5 D"],
    ["1w", "1 W"],
    ["1mo", "1 M"],
    ["2y", "2 Y"],
    ["3 m", "3 M"],
    [" 10 d ", "10 D"],
  ])("%j → %j", (raw, text) => {
    expect(parseDuration(raw).text).toBe(text);
  });

  it("rejects compact minutes and garbage", () => {
    for (const raw of ["5m", "invalid", "0d", "-1d", "1.5d", ""]) {
      expect(failure(() => parseDuration(raw)).message).toBe(
        `Invalid duration: '${raw}'. Use e.g. 60s, 1d, 5d, 1w, 1mo, 1y or '<n> <S|D|W|M|Y>'`,
      );
    }
  });
});

describe("combination, whatToShow, endDateTime, timeframe", () => {
  it("requires a duration of at least one bar, and caps short bars", () => {
    expect(failure(() => checkBarDurationCombination(parseBarSize("1d"), parseDuration("60s"))).message).toBe(
      "Invalid combination: duration '60 S' is shorter than one '1 day' bar",
    );
    expect(failure(() => checkBarDurationCombination(parseBarSize("1s"), parseDuration("1801 S"))).message).toBe(
      "Invalid combination: barSize '1 secs' allows a duration of at most 1800 S, got '1801 S'. Durations allowed " +
        "with '1 secs' bars: up to 1800 S (IB's steps: 60 S, 120 S, 1800 S); use a larger barSize for a longer duration",
    );
    expect(() => checkBarDurationCombination(parseBarSize("1s"), parseDuration("1800 S"))).not.toThrow();
    expect(() => checkBarDurationCombination(parseBarSize("1h"), parseDuration("5d"))).not.toThrow();
  });

  it("follows IB's step sizes: each bar size up to the longest duration the table allows it with", () => {
    const ok: [string, string][] = [
      ["1m", "1d"],
      ["2m", "2d"],
      ["5m", "1w"],
      ["30m", "1mo"],
      ["1h", "1mo"],
      ["1d", "1y"],
      ["1d", "10y"],
      ["1w", "5y"],
    ];
    for (const [bar, duration] of ok) {
      expect(() => checkBarDurationCombination(parseBarSize(bar), parseDuration(duration)), bar).not.toThrow();
    }
    const tooLong: [string, string, string][] = [
      ["1m", "1y", "at most 1 D"],
      ["1m", "2d", "at most 1 D"],
      ["2m", "3d", "at most 2 D"],
      ["5m", "8d", "at most 1 W"],
      ["1h", "1y", "at most 1 M"],
    ];
    for (const [bar, duration, text] of tooLong) {
      const err = failure(() => checkBarDurationCombination(parseBarSize(bar), parseDuration(duration)));
      expect(err.message, bar).toContain(text);
      expect(err.details).toMatchObject({ field: "duration" });
    }
    expect(durationsForBar(60)).toEqual(["60 S", "120 S", "1800 S", "3600 S", "14400 S", "28800 S", "1 D"]);
  });

  it("names the fields as the caller spells them", () => {
    const names = {
      barSize: "bar_size",
      duration: "duration",
      whatToShow: "what_to_show",
      endDateTime: "end_date_time",
    };
    const err = failure(() =>
      parseHistoricalParams({ barSize: "1m", duration: "1y", whatToShow: "TRADES" }, Date.now(), names),
    );
    expect(err.message).toMatch(/^Invalid combination: bar_size '1 min' allows a duration of at most 1 D/);
    expect(failure(() => parseBarSize("2d", names)).details).toMatchObject({ field: "bar_size" });
  });

  it("upper-cases whatToShow and lists the valid values", () => {
    expect(parseWhatToShow(" midpoint ")).toBe("MIDPOINT");
    expect(failure(() => parseWhatToShow("INVALID")).message).toBe(
      "Invalid whatToShow: 'INVALID'. Valid values: TRADES, MIDPOINT, BID, ASK, BID_ASK, HISTORICAL_VOLATILITY, OPTION_IMPLIED_VOLATILITY, ADJUSTED_LAST",
    );
  });

  it("accepts zoned ISO timestamps in the past only", () => {
    const now = Date.parse("2025-06-02T15:00:00Z");
    expect(parseEndDateTime("2025-06-02T14:30:00Z", now)).toBe(Date.parse("2025-06-02T14:30:00Z"));
    expect(parseEndDateTime("2025-06-02T10:30:00-04:00", now)).toBe(Date.parse("2025-06-02T14:30:00Z"));
    for (const raw of ["2025-06-02T14:30:00", "yesterday"]) {
      expect(failure(() => parseEndDateTime(raw, now)).message).toBe(
        `Invalid endDateTime: '${raw}'. Accepted: ${END_DATE_TIME_FORMATS}`,
      );
    }
    expect(END_DATE_TIME_FORMATS).toContain("2025-06-02T16:00:00Z");
    expect(failure(() => parseEndDateTime("2025-06-03T00:00:00Z", now)).message).toBe(
      "Invalid endDateTime: '2025-06-03T00:00:00Z' is in the future",
    );
  });

  it("parses P&L timeframes", () => {
    expect(parsePnlTimeframe(undefined)).toBe("CURRENT");
    expect(parsePnlTimeframe("1d")).toBe("1D");
    expect(parsePnlTimeframe("intraday")).toBe("INTRADAY");
    expect(failure(() => parsePnlTimeframe("MTD")).message).toBe(
      "Invalid timeframe: 'MTD' is not supported (supported: CURRENT, INTRADAY, 1D)",
    );
    expect(failure(() => parsePnlTimeframe("weekly")).message).toBe(
      "Invalid timeframe: 'weekly' (supported: CURRENT, INTRADAY, 1D)",
    );
  });
});
