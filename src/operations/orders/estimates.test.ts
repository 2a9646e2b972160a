// Estimated prices and bracket legs for every order type, with and without market data.
import { describe, expect, it } from "vitest";
import { OrderSpec, type Quote, type ResolvedContract } from "../../domain/index.js";
import { bracketLegs, contractMultiplier, estimatePrice, notional, quoteRequired } from "./estimates.js";

const spec = (fields: Record<string, unknown>) =>
  OrderSpec.parse({ instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", quantity: 2, ...fields });
const quote = (bid: number, ask: number, last: number) => ({ bid, ask, last }) as Quote;
const Q = quote(99, 101, 100);

describe("estimatePrice", () => {
  it("uses the limit or stop price of priced orders, the touch for market orders", () => {
    expect(estimatePrice(spec({ orderType: "LMT", limitPrice: 50 }), null)).toBe(50);
    expect(estimatePrice(spec({ orderType: "STP", stopPrice: 90 }), Q)).toBe(90);
    expect(estimatePrice(spec({ orderType: "STP_LMT", stopPrice: 90, limitPrice: 89 }), Q)).toBe(89);
    expect(estimatePrice(spec({ orderType: "MKT" }), Q)).toBe(101);
    expect(estimatePrice(spec({ orderType: "MOC", side: "SELL" }), Q)).toBe(99);
    expect(estimatePrice(spec({ orderType: "OPG" }), quote(0, 0, 100))).toBe(100);
    expect(estimatePrice(spec({ orderType: "MKT" }), quote(0, 0, 0))).toBeNull();
  });

  it("trails from last by percent or amount unless an initial stop is given", () => {
    expect(estimatePrice(spec({ orderType: "TRAIL", side: "SELL", trailingPercent: 2.5 }), Q)).toBe(97.5);
    expect(estimatePrice(spec({ orderType: "TRAIL", trailingPercent: 2 }), Q)).toBe(102);
    expect(estimatePrice(spec({ orderType: "TRAIL_LIMIT", side: "SELL", trailingAmount: 5, limitPrice: 1 }), Q)).toBe(
      95,
    );
    expect(estimatePrice(spec({ orderType: "TRAIL", trailingAmount: 5, trailStopPrice: 104 }), null)).toBe(104);
    expect(estimatePrice(spec({ orderType: "TRAIL", side: "SELL", trailingAmount: 150 }), Q)).toBe(100);
  });

  it("needs a quote exactly when the estimate depends on it", () => {
    expect(quoteRequired(spec({ orderType: "MKT" }))).toBe(true);
    expect(quoteRequired(spec({ orderType: "TRAIL", trailingAmount: 1 }))).toBe(true);
    expect(quoteRequired(spec({ orderType: "TRAIL", trailingAmount: 1, trailStopPrice: 90 }))).toBe(false);
    expect(quoteRequired(spec({ orderType: "LMT", limitPrice: 1 }))).toBe(false);
  });
});

describe("multiplier, notional and legs", () => {
  it("parses the contract multiplier, defaulting to 1", () => {
    const contract = (multiplier: string | null) => ({ multiplier }) as ResolvedContract;
    expect(contractMultiplier(contract("5"))).toBe(5);
    expect(contractMultiplier(contract(null))).toBe(1);
    expect(contractMultiplier(contract("0"))).toBe(1);
    expect(notional(3, 0.1, 1)).toBe(0.3);
    expect(notional(3, null, 1)).toBeNull();
  });

  it("builds no legs for single orders and three for a SELL bracket with a stop-limit", () => {
    expect(bracketLegs(spec({ orderType: "LMT", limitPrice: 5 }), 1)).toEqual([]);
    const legs = bracketLegs(
      spec({
        orderType: "BRACKET",
        side: "SELL",
        limitPrice: 100,
        takeProfitPrice: 90,
        stopLossPrice: 110,
        stopLossLimitPrice: 111,
      }),
      1,
    );
    expect(legs.map((l) => [l.role, l.side, l.orderType, l.limitPrice, l.stopPrice, l.estimatedNotional])).toEqual([
      ["entry", "SELL", "LMT", 100, null, 200],
      ["take_profit", "BUY", "LMT", 90, null, 180],
      ["stop_loss", "BUY", "STP_LMT", 111, 110, 220],
    ]);
  });
});
