import { describe, expect, it } from "vitest";
import type { RiskLimits } from "../config/index.js";
import type { OrderSpec } from "../domain/index.js";
import { orderExposure, type ExposureFacts } from "./exposure.js";
import { collarBreach } from "./price-collar.js";
import { evaluateRisk, type RiskContext, type RiskOrder, type UsageFacts } from "./risk-policy.js";

const NO_LIMITS: RiskLimits = {
  maxOrderQuantity: null,
  maxOrderNotional: null,
  symbolAllowlist: [],
  maxOrdersPerMinute: null,
  maxOpenOrders: null,
  maxDailyLoss: null,
  maxPriceDeviationPct: null,
  maxQuoteAgeSec: 1200,
  maxPositionNotional: null,
  maxDailyNotional: null,
};

interface OrderInput {
  symbol?: string;
  quantity?: number;
  multiplier?: number;
  /** Bid and ask (and last) of the market; null = no usable quote. */
  referencePrice?: number | null;
  legs?: number;
  spec?: Partial<OrderSpec>;
  facts?: Partial<ExposureFacts>;
  usage?: UsageFacts;
  collarPct?: number;
}

/** A BUY MKT order against a market whose bid, ask and last are all `referencePrice` (101 by default). */
const order = (o: OrderInput = {}): RiskOrder => {
  const quantity = o.quantity ?? 10;
  const p = o.referencePrice === undefined ? 101 : o.referencePrice;
  const spec = {
    instrument: { symbol: o.symbol ?? "AAPL", securityType: "STK" },
    side: "BUY",
    quantity,
    orderType: "MKT",
    tif: "DAY",
    outsideRth: false,
    transmit: true,
    bracketTransmit: true,
    ...o.spec,
  } as OrderSpec;
  const facts: ExposureFacts = {
    market: p === null ? null : { bid: p, ask: p, last: p },
    multiplier: o.multiplier ?? 1,
    currency: "USD",
    baseCurrency: "USD",
    rate: 1,
    ...o.facts,
  };
  return {
    symbol: spec.instrument.symbol,
    quantity,
    legs: o.legs ?? (spec.orderType === "BRACKET" ? 3 : 1),
    tradable: true,
    exposure: orderExposure(spec, facts),
    collar: collarBreach(spec, facts.market, o.collarPct ?? null),
    ...(o.usage ? { usage: o.usage } : {}),
  };
};
const ctx = (limits: Partial<RiskLimits>, o: Partial<RiskContext> = {}): RiskContext => ({
  limits: { ...NO_LIMITS, ...limits },
  ordersInLastMinute: 0,
  openOrders: 0,
  ...o,
});

describe("evaluateRisk", () => {
  it("allows anything when no limit is set", () => {
    expect(evaluateRisk(order({ quantity: 1e9 }), ctx({}))).toEqual({ allowed: true, violations: [] });
  });

  it("checks the symbol allowlist", () => {
    const limits = { symbolAllowlist: ["AAPL", "MSFT"] };
    expect(evaluateRisk(order(), ctx(limits)).allowed).toBe(true);
    expect(evaluateRisk(order({ symbol: "TSLA" }), ctx(limits)).violations).toEqual([
      { rule: "SYMBOL_ALLOWLIST", message: "Symbol TSLA is not in SYMBOL_ALLOWLIST", limit: null, actual: "TSLA" },
    ]);
  });

  it("checks quantity just under, at and over the limit", () => {
    expect(evaluateRisk(order({ quantity: 4.99 }), ctx({ maxOrderQuantity: 5 })).allowed).toBe(true);
    expect(evaluateRisk(order({ quantity: 5 }), ctx({ maxOrderQuantity: 5 })).allowed).toBe(true);
    expect(evaluateRisk(order({ quantity: 5.01 }), ctx({ maxOrderQuantity: 5 })).violations).toEqual([
      { rule: "MAX_ORDER_QUANTITY", message: "Quantity 5.01 exceeds max 5", limit: 5, actual: 5.01 },
    ]);
  });

  it("checks notional from the reference price and multiplier, with formatted amounts", () => {
    expect(evaluateRisk(order({ quantity: 9, referencePrice: 111.11 }), ctx({ maxOrderNotional: 1000 })).allowed).toBe(
      true,
    );
    expect(evaluateRisk(order({ quantity: 20 }), ctx({ maxOrderNotional: 2020 })).allowed).toBe(true);
    expect(evaluateRisk(order({ quantity: 20 }), ctx({ maxOrderNotional: 1000 })).violations).toEqual([
      {
        rule: "MAX_ORDER_NOTIONAL",
        message: "Estimated notional $2,020.00 exceeds max $1,000.00",
        limit: 1000,
        actual: 2020,
      },
    ]);
    const fut = evaluateRisk(
      order({ quantity: 1, referencePrice: 5000, multiplier: 5 }),
      ctx({ maxOrderNotional: 24_999 }),
    );
    expect(fut.violations[0]?.message).toBe("Estimated notional $25,000.00 exceeds max $24,999.00");
  });

  it("refuses market-dependent orders without a reference price, whatever the limits", () => {
    const missing = {
      rule: "NO_REFERENCE_PRICE",
      message:
        "No usable market price for AAPL: market, stop and trailing orders and orders valued at the market need a " +
        "bid, ask or last price that is not too old (MAX_QUOTE_AGE_SEC)",
      limit: null,
      actual: null,
    };
    expect(evaluateRisk(order({ referencePrice: null }), ctx({ maxOrderNotional: 1000 })).violations).toEqual([
      missing,
    ]);
    expect(evaluateRisk(order({ referencePrice: null }), ctx({})).violations).toEqual([missing]);
    const stop = { orderType: "STP" as const, stopPrice: 120 };
    expect(evaluateRisk(order({ referencePrice: null, spec: stop }), ctx({})).violations[0]?.rule).toBe(
      "NO_REFERENCE_PRICE",
    );
    // A BUY limit is worth at most its limit: it needs no market price.
    const buyLimit = { orderType: "LMT" as const, limitPrice: 50 };
    expect(evaluateRisk(order({ referencePrice: null, spec: buyLimit }), ctx({ maxOrderNotional: 1000 })).allowed).toBe(
      true,
    );
    // A SELL limit executes at or above its limit: without a market its exposure is unknown.
    const sellLimit = { orderType: "LMT" as const, side: "SELL" as const, limitPrice: 50 };
    expect(evaluateRisk(order({ referencePrice: null, spec: sellLimit }), ctx({})).violations[0]?.rule).toBe(
      "NO_REFERENCE_PRICE",
    );
  });

  it("converts to the base currency and prints the real currencies", () => {
    const eur = { facts: { currency: "EUR", baseCurrency: "USD", rate: 1.1 } };
    expect(evaluateRisk(order({ quantity: 100, ...eur }), ctx({ maxOrderNotional: 10_000 })).violations).toEqual([
      {
        rule: "MAX_ORDER_NOTIONAL",
        message: "Estimated notional $11,110.00 (10,100.00 EUR at 1.1 USD/EUR) exceeds max $10,000.00",
        limit: 10_000,
        actual: 11_110,
      },
    ]);
    const chf = { facts: { currency: "USD", baseCurrency: "CHF", rate: 0.9 } };
    expect(
      evaluateRisk(order({ quantity: 100, ...chf }), ctx({ maxOrderNotional: 9_000 })).violations[0]?.message,
    ).toBe("Estimated notional 9,090.00 CHF ($10,100.00 at 0.9 CHF/USD) exceeds max 9,000.00 CHF");
  });

  it("refuses when a money limit is set and no exchange rate is known", () => {
    const noRate = { facts: { currency: "EUR", baseCurrency: "USD", rate: null } };
    expect(evaluateRisk(order(noRate), ctx({ maxOrderNotional: 10_000 })).violations).toEqual([
      {
        rule: "NO_EXCHANGE_RATE",
        message: "No exchange rate from EUR to the account's base currency USD to check the limits",
        limit: null,
        actual: "EUR",
      },
    ]);
    expect(evaluateRisk(order(noRate), ctx({})).allowed).toBe(true);
  });

  it("refuses orders that would trade at once far from the market (price collar)", () => {
    const sell = { spec: { side: "SELL" as const, orderType: "LMT" as const, limitPrice: 0.01 }, collarPct: 10 };
    expect(evaluateRisk(order(sell), ctx({ maxPriceDeviationPct: 10 })).violations).toEqual([
      {
        rule: "MAX_PRICE_DEVIATION",
        message:
          "limitPrice $0.01 is 99.99% from the market price $101.00 and would trade at once at a worse price " +
          "(max 10%, MAX_PRICE_DEVIATION_PCT)",
        limit: 10,
        actual: 99.99,
      },
    ]);
  });

  it("checks the post-trade position and today's notional", () => {
    const limits = { maxPositionNotional: 1000, maxDailyNotional: 2000 };
    // 10 × 101 = 1010 on top of 0 shares and 0 today: over the position limit only.
    const fresh = evaluateRisk(order({ usage: { position: 0, dailyNotional: 0 } }), ctx(limits));
    expect(fresh.violations.map((v) => v.rule)).toEqual(["MAX_POSITION_NOTIONAL"]);
    // Selling down a large position is allowed; today's usage still counts.
    const reduce = order({ spec: { side: "SELL" }, usage: { position: 50, dailyNotional: 1500 } });
    expect(evaluateRisk(reduce, ctx(limits)).violations).toEqual([
      {
        rule: "MAX_DAILY_NOTIONAL",
        message:
          "Today's notional with this order $2,510.00 ($1,500.00 already executed or working) exceeds max $2,000.00",
        limit: 2000,
        actual: 2510,
      },
    ]);
    const unknown = evaluateRisk(order({ usage: { position: null, dailyNotional: 0 } }), ctx(limits));
    expect(unknown.violations[0]?.message).toBe("MAX_POSITION_NOTIONAL cannot be checked: position in AAPL unknown");
  });

  it("checks the per-minute rate: allowed below the limit, refused at it", () => {
    expect(evaluateRisk(order(), ctx({ maxOrdersPerMinute: 3 }, { ordersInLastMinute: 2 })).allowed).toBe(true);
    expect(evaluateRisk(order(), ctx({ maxOrdersPerMinute: 3 }, { ordersInLastMinute: 3 })).violations).toEqual([
      {
        rule: "MAX_ORDERS_PER_MINUTE",
        message: "Order rate limit reached: 3 orders in the last 60s (max 3)",
        limit: 3,
        actual: 3,
      },
    ]);
  });

  it("counts a bracket's three legs against the open-order limit", () => {
    expect(evaluateRisk(order({ legs: 1 }), ctx({ maxOpenOrders: 3 }, { openOrders: 2 })).allowed).toBe(true);
    expect(evaluateRisk(order({ legs: 3 }), ctx({ maxOpenOrders: 3 }, { openOrders: 0 })).allowed).toBe(true);
    expect(evaluateRisk(order({ legs: 3 }), ctx({ maxOpenOrders: 3 }, { openOrders: 1 })).violations).toEqual([
      { rule: "MAX_OPEN_ORDERS", message: "Open orders limit reached: 1 open (max 3)", limit: 3, actual: 1 },
    ]);
  });

  it("fails closed when the open-order count is unknown", () => {
    const d = evaluateRisk(order(), ctx({ maxOpenOrders: 3 }, { openOrders: null }));
    expect(d.allowed).toBe(false);
    expect(d.violations[0]?.rule).toBe("MAX_OPEN_ORDERS");
  });

  it("reports an active kill switch (previews) and collects every violation in rule order", () => {
    const d = evaluateRisk(
      order({ symbol: "TSLA", quantity: 100 }),
      ctx(
        {
          symbolAllowlist: ["AAPL"],
          maxOrderQuantity: 10,
          maxOrderNotional: 1000,
          maxOrdersPerMinute: 1,
          maxOpenOrders: 1,
        },
        { ordersInLastMinute: 1, openOrders: 1, killSwitch: { active: true, reason: "test" } },
      ),
    );
    expect(d.violations.map((v) => v.rule)).toEqual([
      "SYMBOL_ALLOWLIST",
      "MAX_ORDER_QUANTITY",
      "MAX_ORDER_NOTIONAL",
      "MAX_ORDERS_PER_MINUTE",
      "MAX_OPEN_ORDERS",
      "KILL_SWITCH",
    ]);
    expect(d.violations.at(-1)?.message).toBe("Kill switch is active: test");
  });
});
