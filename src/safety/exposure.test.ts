import { describe, expect, it } from "vitest";
import type { OrderSpec } from "../domain/index.js";
import { orderExposure, type ExposureFacts } from "./exposure.js";
import { collarBreach } from "./price-collar.js";

const MARKET = { bid: 249, ask: 251, last: 250 };
const facts = (f: Partial<ExposureFacts> = {}): ExposureFacts => ({
  market: MARKET,
  multiplier: 1,
  currency: "USD",
  baseCurrency: "USD",
  rate: 1,
  ...f,
});
const spec = (s: Partial<OrderSpec>): OrderSpec =>
  ({
    instrument: { symbol: "AAPL", securityType: "STK" },
    side: "BUY",
    quantity: 100,
    orderType: "MKT",
    tif: "DAY",
    ...s,
  }) as OrderSpec;
const value = (s: Partial<OrderSpec>, f: Partial<ExposureFacts> = {}) => orderExposure(spec(s), facts(f)).exposure;

describe("orderExposure: what an order can really cost", () => {
  it("values a marketable SELL limit at the bid, never at its far-away limit", () => {
    expect(value({ side: "SELL", orderType: "LMT", limitPrice: 0.01 })).toBe(24_900);
    // A passive SELL above the market executes at its limit or better.
    expect(value({ side: "SELL", orderType: "LMT", limitPrice: 300 })).toBe(30_000);
  });

  it("values a BUY limit at its limit (it never pays more)", () => {
    expect(value({ orderType: "LMT", limitPrice: 50 })).toBe(5_000);
    expect(value({ orderType: "LMT", limitPrice: 260 })).toBe(26_000);
  });

  it("values stops and trailing stops at the worse of the market and the trigger", () => {
    expect(value({ orderType: "STP", stopPrice: 0.01 })).toBe(25_100);
    expect(value({ orderType: "STP", stopPrice: 300 })).toBe(30_000);
    expect(value({ side: "SELL", orderType: "STP_LMT", stopPrice: 0.02, limitPrice: 0.01 })).toBe(24_900);
    expect(value({ orderType: "TRAIL", trailStopPrice: 0.01 })).toBe(25_100);
    expect(value({ orderType: "TRAIL", trailingAmount: 5 })).toBe(25_600);
    expect(value({ orderType: "TRAIL_LIMIT", trailingPercent: 10, limitPrice: 1 })).toBeCloseTo(27_710, 6);
  });

  it("applies the multiplier of futures and options", () => {
    const es = { instrument: { symbol: "ES", securityType: "FUT" as const }, quantity: 1 };
    expect(
      value(
        { ...es, side: "SELL", orderType: "LMT", limitPrice: 0.25 },
        { market: { bid: 5999, ask: 6001, last: 6000 }, multiplier: 50 },
      ),
    ).toBe(299_950);
    expect(value({ quantity: 2, orderType: "MKT" }, { market: { bid: 4.9, ask: 5.1, last: 5 }, multiplier: 100 })).toBe(
      1_020,
    );
  });

  it("values every bracket leg and takes the worst", () => {
    // SELL bracket entry @ 0.01 is marketable: the entry is worth the bid and the exits activate at today's market.
    const sell = orderExposure(
      spec({ side: "SELL", orderType: "BRACKET", limitPrice: 0.01, takeProfitPrice: 0.005, stopLossPrice: 0.02 }),
      facts(),
    );
    expect(sell.legs.map((l) => l.exposure)).toEqual([24_900, 0.5, 25_100]);
    expect(sell.exposure).toBe(25_100);
    // A passive BUY bracket: its exits activate at the entry's price.
    const buy = orderExposure(
      spec({ orderType: "BRACKET", limitPrice: 200, takeProfitPrice: 220, stopLossPrice: 190 }),
      facts(),
    );
    expect(buy.legs.map((l) => l.exposure)).toEqual([20_000, 22_000, 20_000]);
    expect(buy.exposure).toBe(22_000);
  });

  it("converts to the base currency, and has no base value without a rate", () => {
    const eur = orderExposure(spec({ orderType: "LMT", limitPrice: 100 }), facts({ currency: "EUR", rate: 1.1 }));
    expect(eur).toMatchObject({ exposure: 10_000, baseExposure: 11_000, currency: "EUR", baseCurrency: "USD" });
    const none = orderExposure(spec({ orderType: "LMT", limitPrice: 100 }), facts({ currency: "EUR", rate: null }));
    expect(none.baseExposure).toBeNull();
  });

  it("names the reference price: ask for BUY, bid for SELL, last when the side is missing", () => {
    expect(orderExposure(spec({}), facts()).reference).toEqual({ price: 251, source: "ask" });
    expect(orderExposure(spec({ side: "SELL" }), facts()).reference).toEqual({ price: 249, source: "bid" });
    const lastOnly = facts({ market: { bid: null, ask: null, last: 250 } });
    expect(orderExposure(spec({}), lastOnly).reference).toEqual({ price: 250, source: "last" });
    expect(orderExposure(spec({}), facts({ market: null })).missingReference).toBe(true);
  });
});

describe("collarBreach: the fat-finger guard", () => {
  const breach = (s: Partial<OrderSpec>) => collarBreach(spec(s), MARKET, 10);

  it("refuses prices that would trade at once far from the market", () => {
    expect(breach({ side: "SELL", orderType: "LMT", limitPrice: 0.01 })).toMatchObject({
      field: "limitPrice",
      reference: 249,
    });
    expect(breach({ orderType: "LMT", limitPrice: 280 })?.field).toBe("limitPrice");
    expect(breach({ orderType: "STP", stopPrice: 0.01 })?.field).toBe("stopPrice");
    expect(breach({ side: "SELL", orderType: "STP", stopPrice: 300 })?.field).toBe("stopPrice");
    expect(breach({ orderType: "TRAIL", trailStopPrice: 0.01 })?.field).toBe("trailStopPrice");
    expect(breach({ side: "SELL", orderType: "STP_LMT", stopPrice: 300, limitPrice: 0.01 })?.field).toBe("stopPrice");
    expect(
      breach({ side: "SELL", orderType: "BRACKET", limitPrice: 0.01, takeProfitPrice: 0.005, stopLossPrice: 0.02 })
        ?.field,
    ).toBe("limitPrice");
  });

  it("allows passive orders far from the market and prices within the band", () => {
    expect(breach({ orderType: "LMT", limitPrice: 1 })).toBeNull();
    expect(breach({ side: "SELL", orderType: "LMT", limitPrice: 1000 })).toBeNull();
    expect(breach({ orderType: "STP", stopPrice: 1000 })).toBeNull();
    expect(breach({ side: "SELL", orderType: "STP", stopPrice: 1 })).toBeNull();
    expect(breach({ side: "SELL", orderType: "STP_LMT", stopPrice: 200, limitPrice: 150 })).toBeNull();
    expect(breach({ orderType: "LMT", limitPrice: 276 })).toBeNull();
    expect(breach({ side: "SELL", orderType: "LMT", limitPrice: 225 })).toBeNull();
    expect(collarBreach(spec({ orderType: "LMT", limitPrice: 1000 }), null, 10)).toBeNull();
    expect(collarBreach(spec({ orderType: "LMT", limitPrice: 1000 }), MARKET, null)).toBeNull();
  });
});
