// Risk limits value every order at what it can really cost: each way of beating MAX_ORDER_NOTIONAL with a price far
// from the market is refused before anything reaches the simulator, and legitimate orders still pass.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { auditRows, B, post, simOrders, type Body } from "./support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const place = (body: Record<string, unknown>) => post(gw!, "/orders", body);
const start = async (env: Record<string, string> = {}) => {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDER_NOTIONAL: "5000", ...env } });
  return gw;
};

/** Refused by the risk policy with these rules, audited, and nothing at the simulator. */
function expectRefused(res: { status: number; body: Body }, rules: string[]) {
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: "REJECTED", rejectReason: "RISK_LIMIT" });
  expect(res.body.riskViolations.map((v: { rule: string }) => v.rule)).toEqual(rules);
  expect(simOrders(gw!)).toHaveLength(0);
  expect(auditRows(gw!, "RISK_REJECTED").length).toBeGreaterThan(0);
}

function thirdFridayOfNextMonth(now: Date): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const offset = (5 - first.getUTCDay() + 7) % 7;
  return new Date(first.getTime() + (offset + 14) * 86_400_000).toISOString().slice(0, 10);
}

describe("exposure at the market, not at the order's own price (AAPL bid 99 / ask 101)", () => {
  it("refuses SELL LMT 100 @ 0.01: valued at the bid, $9,900", async () => {
    await start({ MAX_PRICE_DEVIATION_PCT: "0" });
    const res = await place(B({ side: "SELL", quantity: 100, orderType: "LMT", limitPrice: 0.01 }));
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    expect(res.body.errors).toEqual(["Estimated notional $9,900.00 exceeds max $5,000.00"]);
  });

  it("refuses BUY STP stopPrice 0.01: valued at the ask", async () => {
    await start({ MAX_PRICE_DEVIATION_PCT: "0" });
    const res = await place(B({ quantity: 100, orderType: "STP", stopPrice: 0.01 }));
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    expect(res.body.riskViolations[0].actual).toBe(10_100);
  });

  it("refuses SELL STP_LMT with stop and limit far below the market", async () => {
    await start({ MAX_PRICE_DEVIATION_PCT: "0" });
    const res = await place(
      B({ side: "SELL", quantity: 100, orderType: "STP_LMT", stopPrice: 0.02, limitPrice: 0.01 }),
    );
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    expect(res.body.riskViolations[0].actual).toBe(9_900);
  });

  it("refuses BUY TRAIL with trailStopPrice 0.01", async () => {
    await start({ MAX_PRICE_DEVIATION_PCT: "0" });
    const res = await place(B({ quantity: 100, orderType: "TRAIL", trailingAmount: 1, trailStopPrice: 0.01 }));
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    expect(res.body.riskViolations[0].actual).toBe(10_100);
  });

  it("refuses SELL LMT ES 1 @ 0.25, valued with the future's multiplier of 50", async () => {
    await start({ MAX_ORDER_NOTIONAL: "10000", MAX_PRICE_DEVIATION_PCT: "0" });
    const es = { instrument: { symbol: "ES", securityType: "FUT" } };
    const res = await place(B({ ...es, side: "SELL", quantity: 1, orderType: "LMT", limitPrice: 0.25 }));
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    expect(res.body.riskViolations[0].actual).toBeGreaterThan(250_000);
  });

  it("refuses SELL LMT on an option @ 0.01, valued at its bid × 100", async () => {
    await start({ MAX_ORDER_NOTIONAL: "1000", MAX_PRICE_DEVIATION_PCT: "0" });
    const put = {
      symbol: "AAPL",
      securityType: "OPT",
      expiry: thirdFridayOfNextMonth(new Date()),
      strike: 200,
      right: "P",
    };
    const res = await place(B({ instrument: put, side: "SELL", quantity: 1, orderType: "LMT", limitPrice: 0.01 }));
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    expect(res.body.riskViolations[0].actual).toBeGreaterThan(5_000);
  });

  it("refuses a SELL bracket whose entry is @ 0.01, valuing every leg", async () => {
    await start({ MAX_PRICE_DEVIATION_PCT: "0" });
    const bracket = { side: "SELL", quantity: 100, orderType: "BRACKET", limitPrice: 0.01 };
    const res = await place(B({ ...bracket, takeProfitPrice: 0.005, stopLossPrice: 0.02 }));
    expectRefused(res, ["MAX_ORDER_NOTIONAL"]);
    // The stop loss (a BUY stop far below the market) would buy back at the ask.
    expect(res.body.riskViolations[0].actual).toBe(10_100);
  });

  it("lets legitimate orders through: passive limits far away, small marketable orders, FX at its lot size", async () => {
    await start();
    expect((await place(B({ quantity: 90, orderType: "LMT", limitPrice: 50 }))).body.status).toBe("ACCEPTED");
    expect((await place(B({ side: "SELL", quantity: 10, orderType: "LMT", limitPrice: 400 }))).body.status).toBe(
      "ACCEPTED",
    );
    expect((await place(B({ quantity: 40 }))).body.status).toBe("ACCEPTED");
    expect((await place(B({ side: "SELL", quantity: 40, orderType: "LMT", limitPrice: 98 }))).body.status).toBe(
      "ACCEPTED",
    );
    const eur = { instrument: { symbol: "EUR", securityType: "CASH", currency: "USD" } };
    expect((await place(B({ ...eur, quantity: 4000 }))).body.status).toBe("ACCEPTED");
    const tooMuchEur = await place(B({ ...eur, quantity: 20_000 }));
    expect(tooMuchEur.body.riskViolations[0]).toMatchObject({ rule: "MAX_ORDER_NOTIONAL" });
    const bracket = { orderType: "BRACKET", limitPrice: 100, takeProfitPrice: 105, stopLossPrice: 95 };
    expect((await place(B({ ...bracket, quantity: 40 }))).body.status).toBe("ACCEPTED");
    // The same bracket with 50 shares: its take profit would sell 50 × 105 = 5,250.
    const big = await place(B({ ...bracket, quantity: 50 }));
    expect(big.body.riskViolations[0]).toMatchObject({ rule: "MAX_ORDER_NOTIONAL", actual: 5250 });
    expect(simOrders(gw!)).toHaveLength(8);
  });
});

describe("price collar (MAX_PRICE_DEVIATION_PCT, default 10)", () => {
  it("refuses a marketable price far from the market and allows a passive one", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const res = await place(B({ side: "SELL", quantity: 1, orderType: "LMT", limitPrice: 0.01 }));
    expectRefused(res, ["MAX_PRICE_DEVIATION"]);
    expect(res.body.errors).toEqual([
      "limitPrice $0.01 is 99.99% from the market price $99.00 and would trade at once at a worse price " +
        "(max 10%, MAX_PRICE_DEVIATION_PCT)",
    ]);
    expectRefused(await place(B({ quantity: 1, orderType: "STP", stopPrice: 80 })), ["MAX_PRICE_DEVIATION"]);
    expectRefused(await place(B({ quantity: 1, orderType: "LMT", limitPrice: 120 })), ["MAX_PRICE_DEVIATION"]);
    expect((await place(B({ quantity: 1, orderType: "LMT", limitPrice: 110 }))).body.status).toBe("ACCEPTED");
    expect((await place(B({ side: "SELL", quantity: 1, orderType: "LMT", limitPrice: 500 }))).body.status).toBe(
      "ACCEPTED",
    );
    expect((await place(B({ quantity: 1, orderType: "STP", stopPrice: 150 }))).body.status).toBe("ACCEPTED");
  });
});

describe("no reference price, no risky order", () => {
  it("refuses market and stop orders when the quote has no prices, and accepts a BUY limit", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 0, ask: 0, last: 0 });
    const mkt = await place(B());
    expectRefused(mkt, ["NO_REFERENCE_PRICE"]);
    expect(mkt.body.errors[0]).toMatch(/^No usable market price for AAPL/);
    expectRefused(await place(B({ orderType: "STP", stopPrice: 120 })), ["NO_REFERENCE_PRICE"]);
    expectRefused(await place(B({ side: "SELL", orderType: "LMT", limitPrice: 120 })), ["NO_REFERENCE_PRICE"]);
    expect((await place(B({ orderType: "LMT", limitPrice: 50 }))).body.status).toBe("ACCEPTED");
  });

  it("treats delayed data as no quote when MAX_QUOTE_AGE_SEC says it is too old", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_QUOTE_AGE_SEC: "0" } });
    gw.simulator!.control.addFault({ kind: "delayed-only", symbol: "AAPL" });
    expectRefused(await place(B()), ["NO_REFERENCE_PRICE"]);
    await gw.close();
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    gw.simulator!.control.addFault({ kind: "delayed-only", symbol: "AAPL" });
    expect((await place(B())).body.status).toBe("ACCEPTED");
  });
});
