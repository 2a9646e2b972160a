// Unit tests of the three historical-data pacing rules on an injected clock.

import { describe, expect, it } from "vitest";
import { ConnectionPacing, HistoricalPacing, isSmallBar } from "./pacing.js";

function paced() {
  const clock = { ms: 0, now: () => clock.ms };
  return { clock, pacing: new HistoricalPacing(clock) };
}

describe("HistoricalPacing", () => {
  it("refuses an identical request within 15 s and admits it after", () => {
    const { clock, pacing } = paced();
    const request = { identity: "a", contractKey: "AAPL" };
    expect(pacing.admit(request)).toBe(true);
    clock.ms = 14_999;
    expect(pacing.admit(request)).toBe(false);
    clock.ms = 15_000;
    expect(pacing.admit(request)).toBe(true);
  });

  it("refuses the seventh request for one contract within 2 s, not for another contract", () => {
    const { clock, pacing } = paced();
    for (let i = 0; i < 6; i++) expect(pacing.admit({ identity: `a${i}`, contractKey: "AAPL" })).toBe(true);
    expect(pacing.admit({ identity: "a7", contractKey: "AAPL" })).toBe(false);
    expect(pacing.admit({ identity: "m1", contractKey: "MSFT" })).toBe(true);
    clock.ms = 2_000;
    expect(pacing.admit({ identity: "a8", contractKey: "AAPL" })).toBe(true);
  });

  it("refuses the 61st request within 10 minutes and forgets requests older than that", () => {
    const { clock, pacing } = paced();
    for (let i = 0; i < 60; i++) {
      clock.ms = i * 3_000;
      expect(pacing.admit({ identity: `r${i}`, contractKey: `c${i}` })).toBe(true);
    }
    expect(pacing.admit({ identity: "r60", contractKey: "c60" })).toBe(false);
    clock.ms = 600_000;
    expect(pacing.admit({ identity: "r61", contractKey: "c61" })).toBe(true);
  });

  it("paces bars of 30 seconds or less only", () => {
    expect(["1 secs", "5 secs", "15 secs", "30 secs", " 30 SECS "].every(isSmallBar)).toBe(true);
    expect(["31 secs", "1 min", "5 mins", "1 hour", "1 day", "1 W", ""].some(isSmallBar)).toBe(false);
  });

  it("keeps one window per connection", () => {
    const pacing = new ConnectionPacing({ now: () => 0 });
    const [a, b] = [{}, {}];
    const request = { identity: "a", contractKey: "AAPL" };
    expect(pacing.of(a).admit(request)).toBe(true);
    expect(pacing.of(a).admit(request)).toBe(false);
    expect(pacing.of(b).admit(request)).toBe(true);
    pacing.reset();
    expect(pacing.of(a).admit(request)).toBe(true);
  });

  it("starts over after reset", () => {
    const { pacing } = paced();
    pacing.admit({ identity: "a", contractKey: "AAPL" });
    pacing.reset();
    expect(pacing.admit({ identity: "a", contractKey: "AAPL" })).toBe(true);
  });
});
