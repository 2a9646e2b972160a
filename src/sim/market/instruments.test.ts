import { describe, expect, it } from "vitest";
import { fnv1a32, mulberry32 } from "./hash.js";
import { Market } from "./market.js";

const MONDAY_2_JUNE_2025 = Date.UTC(2025, 5, 2, 14, 30);

function marketAt(nowMs: number): Market {
  return new Market({ seed: 42, clock: { now: () => nowMs } });
}

describe("hash primitives", () => {
  it("computes FNV-1a 32-bit", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("gives the same mulberry32 sequence for the same seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(8)()).not.toBe(first[0]);
  });
});

describe("stocks and ETFs", () => {
  it("lists the reference stocks with their conIds on SMART in USD", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const conIds = ["AAPL", "MSFT", "GOOGL", "AMZN", "META", "NVDA", "TSLA", "SPY", "QQQ", "IWM"].map(
      (symbol) => market.find({ symbol, secType: "STK", exchange: "SMART", currency: "USD" })[0]?.conId,
    );
    expect(conIds).toEqual([
      265598, 272093, 208813720, 3691937, 107113386, 4815747, 76792991, 756733, 320227571, 9579970,
    ]);
    const aapl = market.byConId(265598);
    expect(aapl).toMatchObject({
      symbol: "AAPL",
      primaryExchange: "NASDAQ",
      minTick: 0.01,
      multiplier: 1,
      tradable: true,
    });
  });

  it("matches ETFs by STK, and only ETFs by ETF", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    expect(market.find({ symbol: "SPY", secType: "STK" })[0]?.stockType).toBe("ETF");
    expect(market.find({ symbol: "SPY", secType: "ETF" })).toHaveLength(1);
    expect(market.find({ symbol: "AAPL", secType: "ETF" })).toEqual([]);
  });

  it("creates any other 1–5 letter symbol at reference 100 with the FNV-derived conId", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const [zzzz] = market.find({ symbol: "zzzz", secType: "STK" });
    expect(zzzz?.conId).toBe(900_000_000 + (fnv1a32("ZZZZ:STK") % 90_000_000));
    expect(market.byConId(zzzz?.conId ?? 0)?.symbol).toBe("ZZZZ");
    const mid = market.quote(zzzz?.conId ?? 0).last;
    expect(mid).toBeGreaterThanOrEqual(99);
    expect(mid).toBeLessThanOrEqual(101);
  });

  it("finds nothing for symbols that are not 1–5 letters, and never duplicates a listed stock", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    expect(market.find({ symbol: "INVALID", secType: "STK" })).toEqual([]);
    expect(market.find({ symbol: "AB1", secType: "STK" })).toEqual([]);
    expect(market.find({ symbol: "AAPL", secType: "STK", currency: "EUR" })).toEqual([]);
  });
});

describe("futures", () => {
  it("lists the four nearest quarterly contracts expiring on the third Friday", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const mes = market.find({ symbol: "MES", secType: "FUT", exchange: "CME" });
    expect(mes.map((f) => f.lastTradeDate)).toEqual(["20250620", "20250919", "20251219", "20260320"]);
    expect(mes.map((f) => f.localSymbol)).toEqual(["MESM5", "MESU5", "MESZ5", "MESH6"]);
    expect(mes[0]).toMatchObject({ contractMonth: "202506", multiplier: 5, minTick: 0.25, currency: "USD" });
    const multipliers = ["ES", "NQ", "MNQ"].map((symbol) => market.find({ symbol, secType: "FUT" })[0]?.multiplier);
    expect(multipliers).toEqual([50, 20, 2]);
  });

  it("keeps a contract on its last trade date and drops it the day after", () => {
    const onExpiry = marketAt(Date.UTC(2025, 5, 20, 15, 0));
    expect(onExpiry.find({ symbol: "ES", secType: "FUT" })[0]?.lastTradeDate).toBe("20250620");
    const dayAfter = marketAt(Date.UTC(2025, 5, 21, 15, 0));
    expect(dayAfter.find({ symbol: "ES", secType: "FUT" }).map((f) => f.lastTradeDate)).toEqual([
      "20250919",
      "20251219",
      "20260320",
      "20260619",
    ]);
  });

  it("narrows by YYYYMM or YYYYMMDD and keeps conIds stable across days", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const september = market.find({ symbol: "ES", secType: "FUT", lastTradeDateOrContractMonth: "202509" });
    expect(september.map((f) => f.localSymbol)).toEqual(["ESU5"]);
    const byDay = market.find({ symbol: "ES", secType: "FUT", lastTradeDateOrContractMonth: "20250919" });
    expect(byDay[0]?.conId).toBe(september[0]?.conId);
    const later = marketAt(Date.UTC(2025, 6, 15, 15, 0));
    expect(later.find({ symbol: "ES", lastTradeDateOrContractMonth: "202509" })[0]?.conId).toBe(september[0]?.conId);
  });

  it("rolls the listing when the clock passes an expiry, while the expired contract stays known by conId", () => {
    let now = Date.UTC(2025, 5, 20, 15, 0);
    const market = new Market({ seed: 42, clock: { now: () => now } });
    const june = market.find({ symbol: "MES", secType: "FUT" })[0];
    now = Date.UTC(2025, 5, 23, 15, 0);
    expect(market.find({ symbol: "MES", secType: "FUT" })[0]?.lastTradeDate).toBe("20250919");
    expect(market.byConId(june?.conId ?? 0)?.lastTradeDate).toBe("20250620");
  });
});

describe("indices, FX and options", () => {
  it("lists SPX, VIX and NDX as untradable, last-only indices", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const [spx] = market.find({ symbol: "SPX", secType: "IND" });
    expect(spx).toMatchObject({ exchange: "CBOE", tradable: false });
    expect(market.find({ symbol: "NDX", secType: "IND" })[0]?.exchange).toBe("NASDAQ");
    const quote = market.quote(spx?.conId ?? 0);
    expect([quote.bid, quote.ask]).toEqual([0, 0]);
    expect(Math.abs(quote.last / 6000 - 1)).toBeLessThanOrEqual(0.01);
  });

  it("lists EUR.USD on IDEALPRO with a 0.00005 tick, by pair or by symbol and currency", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const [pair] = market.find({ symbol: "EUR", secType: "CASH", currency: "USD", exchange: "IDEALPRO" });
    expect(pair).toMatchObject({ localSymbol: "EUR.USD", minTick: 0.00005 });
    expect(market.find({ symbol: "EUR.USD", secType: "CASH" })[0]?.conId).toBe(pair?.conId);
    const quote = market.quote(pair?.conId ?? 0);
    expect(quote.ask - quote.bid).toBeCloseTo(0.0002, 10);
  });

  it("lists AAPL and SPY chains: 21 strikes, calls and puts, the three nearest monthly third Fridays", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const chain = market.find({ symbol: "AAPL", secType: "OPT" });
    expect(chain).toHaveLength(126);
    const [params] = market.optionParams(265598);
    expect(params?.expirations).toEqual(["20250620", "20250718", "20250815"]);
    expect(params?.strikes[0]).toBe(200);
    expect(params?.strikes.at(-1)).toBe(300);
    expect(params).toMatchObject({ exchange: "SMART", tradingClass: "AAPL", multiplier: "100" });
    expect(market.optionParams(756733)[0]?.strikes).toHaveLength(21);
    expect(market.optionParams(272093)).toEqual([]);
  });

  it("finds one option by expiry, strike and right, with an OCC local symbol", () => {
    const market = marketAt(MONDAY_2_JUNE_2025);
    const found = market.find({
      symbol: "AAPL",
      secType: "OPT",
      lastTradeDateOrContractMonth: "20250718",
      strike: 250,
      right: "CALL",
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      localSymbol: "AAPL  250718C00250000",
      multiplier: 100,
      underConId: 265598,
      right: "C",
    });
    expect(market.find({ symbol: "AAPL", secType: "OPT", strike: 251 })).toEqual([]);
  });
});
