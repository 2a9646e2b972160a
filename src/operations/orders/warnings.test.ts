// Preview warnings: every condition, and their fixed order when several apply.
import { describe, expect, it } from "vitest";
import { OrderSpec, type Quote } from "../../domain/index.js";
import { orderWarnings, type WarningInputs } from "./warnings.js";

const spec = (fields: Record<string, unknown> = {}) =>
  OrderSpec.parse({
    instrument: { symbol: "AAPL", securityType: "STK" },
    side: "BUY",
    quantity: 1,
    orderType: "MKT",
    ...fields,
  });
const quote = (fields: Partial<Quote> = {}) =>
  ({ bid: 99, ask: 101, last: 100, source: "IBKR_SNAPSHOT", ...fields }) as Quote;
const inputs = (fields: Partial<WarningInputs>): WarningInputs => ({
  spec: spec(),
  quote: quote(),
  quoteError: null,
  estimatedNotional: 100,
  whatIf: null,
  ...fields,
});

describe("orderWarnings", () => {
  it("always ends with the simulated-preview text, then the bracket text", () => {
    expect(orderWarnings(inputs({}))).toEqual(["Preview is simulated using current market data"]);
    const bracket = spec({ orderType: "BRACKET", limitPrice: 10, takeProfitPrice: 11, stopLossPrice: 9 });
    expect(orderWarnings(inputs({ spec: bracket })).slice(-2)).toEqual([
      "Preview is simulated using current market data",
      "Bracket order with 3 legs: entry, take profit, stop loss",
    ]);
  });

  it("lists every applicable warning in the contract's order", () => {
    const all = orderWarnings(
      inputs({
        spec: spec({ orderType: "MOC" }),
        quote: quote({ bid: 0, ask: 0, source: "IBKR_DELAYED" }),
        estimatedNotional: 150_000,
        whatIf: {
          ok: true,
          commission: 1,
          initialMarginChange: null,
          maintenanceMarginChange: null,
          warningText: "Check margin",
        },
      }),
    );
    expect(all).toEqual([
      "Market appears closed - bid/ask not available",
      "Market data is delayed",
      "Large order: estimated notional $150,000.00",
      "Market-on-close order will execute at market close",
      "Broker warning: Check margin",
      "Preview is simulated using current market data",
    ]);
  });

  it("explains a missing quote and what-if failures", () => {
    const lmt = spec({ orderType: "LMT", limitPrice: 5, tif: "OPG" });
    expect(
      orderWarnings(
        inputs({
          spec: lmt,
          quote: null,
          quoteError: "No market data available: x",
          whatIf: { ok: false, kind: "failed", message: "timeout" },
        }),
      ),
    ).toEqual([
      "Market data unavailable: No market data available: x",
      "Market-on-open order will execute at market open",
      "What-if estimate unavailable: timeout",
      "Preview is simulated using current market data",
    ]);
    const rejected = orderWarnings(inputs({ whatIf: { ok: false, kind: "rejected", message: "no" } }));
    expect(rejected[0]).toBe("Broker what-if rejected the order: no");
    expect(orderWarnings(inputs({ estimatedNotional: 100_000 }))).toHaveLength(1);
  });

  it("prints amounts in the contract's currency", () => {
    const eur = { contract: { currency: "EUR" }, estimatedNotional: 150_000 };
    expect(orderWarnings(inputs({ ...eur, spec: spec({ orderType: "TRAIL", trailingAmount: 1.5 }) }))).toEqual([
      "Large order: estimated notional 150,000.00 EUR",
      "Trailing stop: 1.50 EUR from high/low",
      "Preview is simulated using current market data",
    ]);
    expect(orderWarnings(inputs({ estimatedNotional: 150_000 }))[0]).toBe(
      "Large order: estimated notional $150,000.00",
    );
  });
});
