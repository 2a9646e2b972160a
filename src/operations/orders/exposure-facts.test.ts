import { describe, expect, it } from "vitest";
import type { Quote } from "../../domain/index.js";
import { usableMarket } from "./exposure-facts.js";

const NOW = Date.parse("2026-03-02T15:00:00Z");
const quote = (q: Partial<Quote> = {}): Quote => ({
  symbol: "AAPL",
  conId: 265598,
  bid: 99,
  ask: 101,
  last: 100,
  bidSize: 1,
  askSize: 1,
  lastSize: 1,
  volume: 10,
  timestamp: new Date(NOW).toISOString(),
  lastTradeTime: new Date(NOW - 60_000).toISOString(),
  source: "IBKR_SNAPSHOT",
  ...q,
});

describe("usableMarket", () => {
  it("uses a live quote's positive prices and drops zeros", () => {
    expect(usableMarket(quote(), NOW, 1200)).toEqual({ bid: 99, ask: 101, last: 100 });
    expect(usableMarket(quote({ bid: 0, ask: 0 }), NOW, 1200)).toEqual({ bid: null, ask: null, last: 100 });
    expect(usableMarket(quote({ bid: 0, ask: 0, last: 0 }), NOW, 1200)).toBeNull();
    expect(usableMarket(null, NOW, 1200)).toBeNull();
  });

  it("uses delayed or frozen data only while its last trade is younger than the limit", () => {
    const delayed = quote({ source: "IBKR_DELAYED", lastTradeTime: new Date(NOW - 900_000).toISOString() });
    expect(usableMarket(delayed, NOW, 1200)).not.toBeNull();
    expect(usableMarket(delayed, NOW, 900)).toBeNull();
    expect(usableMarket(quote({ source: "IBKR_FROZEN", lastTradeTime: null }), NOW, 1200)).toBeNull();
    expect(
      usableMarket(quote({ source: "IBKR_DELAYED", lastTradeTime: new Date(NOW).toISOString() }), NOW, 0),
    ).toBeNull();
  });
});
