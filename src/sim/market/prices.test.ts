import { afterEach, describe, expect, it, vi } from "vitest";
import { Market } from "./market.js";
import { optionMid } from "./option-pricing.js";
import { halfSpread } from "./price-model.js";

const MONDAY_2_JUNE_2025 = Date.UTC(2025, 5, 2, 14, 30);
const AAPL = 265598;
const clock = { now: () => MONDAY_2_JUNE_2025 };

function conIdOf(market: Market, symbol: string, secType: string): number {
  return market.find({ symbol, secType })[0]?.conId ?? 0;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("initial prices", () => {
  it("starts each mid within 1 % of the reference, with the half-spread rule and fixed sizes", () => {
    const market = new Market({ seed: 42, clock });
    const quote = market.quote(AAPL);
    expect(Math.abs(quote.last / 250 - 1)).toBeLessThanOrEqual(0.01);
    expect(quote.bid).toBeCloseTo(quote.last - 0.03, 10);
    expect(quote.ask).toBeCloseTo(quote.last + 0.03, 10);
    expect([quote.bidSize, quote.askSize, quote.lastSize, quote.volume]).toEqual([100, 100, 50, 1_000_000]);
    expect(quote.close).toBe(quote.last);
    const es = market.quote(conIdOf(market, "ES", "FUT"));
    expect((es.last / 0.25) % 1).toBe(0);
    expect(es.ask - es.bid).toBe(1);
  });

  it("uses one tick as the minimum half spread and scales with price", () => {
    expect(halfSpread(100, 0.01)).toBe(0.01);
    expect(halfSpread(600, 0.01)).toBe(0.06);
    expect(halfSpread(6000, 0.25)).toBe(0.5);
    expect(halfSpread(1.1, 0.00005)).toBe(0.0001);
  });

  it("is the same for the same seed and different for another seed", () => {
    const symbols = ["AAPL", "MSFT", "ZZZZ"];
    const quotes = (seed: number): number[] => {
      const market = new Market({ seed, clock });
      return symbols.map((symbol) => market.quote(conIdOf(market, symbol, "STK")).last);
    };
    expect(quotes(7)).toEqual(quotes(7));
    expect(quotes(7)).not.toEqual(quotes(8));
  });
});

describe("pins", () => {
  it("pins only the given fields and notifies listeners", () => {
    const market = new Market({ seed: 42, clock });
    const before = market.quote(AAPL);
    const changed: number[] = [];
    market.onPriceChange((conId) => changed.push(conId));
    const [pinned] = market.pin("aapl", { bid: 99 }) ?? [];
    expect(pinned).toMatchObject({ bid: 99, ask: before.ask, last: before.last });
    expect(changed[0]).toBe(AAPL);
    expect(changed).toHaveLength(1 + 126);
  });

  it("applies a futures root pin to every expiry", () => {
    const market = new Market({ seed: 42, clock });
    const quotes = market.pin("MES", { bid: 4999.75, ask: 5000, last: 5000 });
    expect(quotes).toHaveLength(4);
    for (const future of market.find({ symbol: "MES", secType: "FUT" })) {
      expect(market.quote(future.conId).last).toBe(5000);
    }
    expect(market.quote(conIdOf(market, "ES", "FUT")).last).not.toBe(5000);
  });

  it("pins an FX pair by pair name, an option by local symbol, and refuses unknown symbols", () => {
    const market = new Market({ seed: 42, clock });
    expect(market.pin("EUR.USD", { last: 1.2 })?.[0]?.last).toBe(1.2);
    const option = market.find({
      symbol: "AAPL",
      secType: "OPT",
      strike: 250,
      right: "C",
      lastTradeDateOrContractMonth: "20250620",
    })[0];
    expect(market.pin(option?.localSymbol ?? "", { bid: 1, ask: 2 })?.[0]).toMatchObject({ bid: 1, ask: 2 });
    expect(market.pin("NOT-A-SYMBOL", { last: 1 })).toBeUndefined();
    expect(market.pin("QWERTY", { last: 1 })).toBeUndefined();
  });

  it("unsubscribes listeners", () => {
    const market = new Market({ seed: 42, clock });
    const seen: number[] = [];
    const unsubscribe = market.onPriceChange((conId) => seen.push(conId));
    unsubscribe();
    market.pin("MSFT", { last: 1 });
    expect(seen).toEqual([]);
  });
});

describe("walk", () => {
  it("moves every unpinned instrument within ±0.1 % per step, and never a pinned one", () => {
    const market = new Market({ seed: 42, clock });
    market.pin("AAPL", { bid: 99, ask: 101, last: 100 });
    const msft = conIdOf(market, "MSFT", "STK");
    let previous = market.quote(msft).last;
    const moves: number[] = [];
    for (let step = 0; step < 20; step++) {
      market.walkOnce();
      const next = market.quote(msft).last;
      moves.push(Math.abs(next / previous - 1));
      previous = next;
    }
    expect(Math.max(...moves)).toBeLessThanOrEqual(0.001 + 0.00003);
    expect(moves.some((move) => move > 0)).toBe(true);
    expect(market.quote(AAPL)).toMatchObject({ bid: 99, ask: 101, last: 100 });
  });

  it("walks on a timer every walkMs once started, and stop() clears it", () => {
    vi.useFakeTimers();
    const market = new Market({ seed: 42, clock, walkMs: 1000 });
    const changed = new Set<number>();
    market.onPriceChange((conId) => changed.add(conId));
    market.start();
    vi.advanceTimersByTime(999);
    expect(changed.size).toBe(0);
    vi.advanceTimersByTime(1);
    expect(changed.has(AAPL)).toBe(true);
    market.stop();
    changed.clear();
    vi.advanceTimersByTime(5000);
    expect(changed.size).toBe(0);
  });

  it("has no timer when walkMs is 0", () => {
    vi.useFakeTimers();
    const market = new Market({ seed: 42, clock });
    const before = market.quote(AAPL);
    market.start();
    vi.advanceTimersByTime(60_000);
    expect(market.quote(AAPL)).toEqual(before);
  });

  it("reset returns to the seeded prices and drops pins and fill volume", () => {
    const market = new Market({ seed: 42, clock });
    const initial = market.quote(AAPL);
    market.pin("AAPL", { last: 1 });
    market.addVolume(AAPL, 500);
    market.walkOnce();
    market.reset();
    expect(market.quote(AAPL)).toEqual(initial);
    market.walkOnce();
    expect(market.quote(AAPL).last).not.toBe(1);
  });

  it("adds simulated fills to the volume", () => {
    const market = new Market({ seed: 42, clock });
    market.addVolume(AAPL, 250);
    expect(market.quote(AAPL).volume).toBe(1_000_250);
  });
});

describe("option prices", () => {
  it("follows mid = intrinsic + 0.01 × S × sqrt(max(days, 1) / 30), rounded to 0.01", () => {
    expect(optionMid("C", 90, 100, 30)).toBe(11);
    expect(optionMid("P", 110, 100, 30)).toBe(11);
    expect(optionMid("C", 110, 100, 120)).toBe(2);
    expect(optionMid("P", 90, 100, 0)).toBe(0.18);
    expect(optionMid("C", 250, 200, 7.5)).toBe(1);
  });

  it("prices chain members from the underlying mid with a 0.05 half spread", () => {
    const market = new Market({ seed: 42, clock });
    market.pin("AAPL", { bid: 249.9, ask: 250.1, last: 250 });
    const find = (strike: number, right: string): number =>
      market.find({ symbol: "AAPL", secType: "OPT", strike, right, lastTradeDateOrContractMonth: "20250620" })[0]
        ?.conId ?? 0;
    // 18 days to 20 June: time value 0.01 × 250 × sqrt(18 / 30) = 1.936… → 1.94
    expect(market.quote(find(240, "C"))).toMatchObject({ bid: 11.89, ask: 11.99, last: 11.94 });
    expect(market.quote(find(240, "P"))).toMatchObject({ bid: 1.89, ask: 1.99, last: 1.94 });
    market.pin("AAPL", { bid: 299.9, ask: 300.1 });
    expect(market.quote(find(300, "C")).last).toBe(2.32);
  });

  it("never bids below 0.01", () => {
    const market = new Market({ seed: 42, clock });
    market.pin("SPY", { bid: 0.99, ask: 1.01, last: 1 });
    const farPut = market.find({
      symbol: "SPY",
      secType: "OPT",
      strike: 550,
      right: "P",
      lastTradeDateOrContractMonth: "202506",
    })[0];
    const quote = market.quote(farPut?.conId ?? 0);
    expect(quote.last).toBe(549.01);
    const otmCall = market.find({
      symbol: "SPY",
      secType: "OPT",
      strike: 650,
      right: "C",
      lastTradeDateOrContractMonth: "202506",
    })[0];
    expect(market.quote(otmCall?.conId ?? 0)).toMatchObject({ bid: 0.01, ask: 0.06, last: 0.01 });
  });
});
