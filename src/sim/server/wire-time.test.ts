// Unit tests of TWS time text: request forms in and out of daylight saving, bar dates in both formats.

import { describe, expect, it } from "vitest";
import { formatBarDate, formatZoned, parseTwsTime } from "./wire-time.js";

const NOW = Date.UTC(2025, 0, 2, 21, 0, 0);

describe("parseTwsTime", () => {
  it.each([
    ["", NOW],
    ["20250102-14:30:00", Date.UTC(2025, 0, 2, 14, 30)],
    ["20250102 09:30:00 US/Eastern", Date.UTC(2025, 0, 2, 14, 30)],
    ["20250702 09:30:00 America/New_York", Date.UTC(2025, 6, 2, 13, 30)],
    ["20250102 09:30:00", Date.UTC(2025, 0, 2, 14, 30)],
    ["20250102 15:30:00 Europe/London", Date.UTC(2025, 0, 2, 15, 30)],
  ])("reads %j", (text, expected) => {
    expect(parseTwsTime(text, NOW)).toBe(expected);
  });

  it.each(["yesterday", "2025-01-02", "20250102 09:30:00 Mars/Olympus"])("refuses %j", (text) => {
    expect(parseTwsTime(text, NOW)).toBeUndefined();
  });
});

describe("formatting", () => {
  it("writes zoned time as TWS does, across daylight saving", () => {
    expect(formatZoned(Date.UTC(2025, 0, 2, 14, 30), "US/Eastern")).toBe("20250102 09:30:00 US/Eastern");
    expect(formatZoned(Date.UTC(2025, 6, 2, 13, 30), "America/New_York")).toBe("20250702 09:30:00 America/New_York");
  });

  it("writes bar dates for both formatDate values, and daily bars as YYYYMMDD", () => {
    const timeSec = Date.UTC(2025, 0, 2, 14, 30) / 1000;
    expect(formatBarDate(timeSec, false, 1, "US/Eastern")).toBe("20250102 09:30:00 US/Eastern");
    expect(formatBarDate(timeSec, false, 2, "US/Eastern")).toBe(String(timeSec));
    expect(formatBarDate(Date.UTC(2025, 0, 2) / 1000, true, 2, "US/Eastern")).toBe("20250102");
  });
});
