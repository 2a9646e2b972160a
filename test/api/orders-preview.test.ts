// POST /orders/preview on the real gateway and simulator: validation, estimates, warnings,
// bracket legs, risk check, confirmation token and the ORDER_PREVIEW audit row.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { auditRows, B, get, post, simOrders } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const preview = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  post(gw!, "/orders/preview", body, headers);

describe("preview validation", () => {
  it("refuses orders breaking the rules with 400 ORDER_VALIDATION_ERROR and every message (AC-09..AC-12)", async () => {
    gw = await startTestGateway();
    const zeroLimit = await preview(B({ orderType: "LMT", limitPrice: 0 }));
    expect(zeroLimit.status).toBe(400);
    expect(zeroLimit.body.error_code).toBe("ORDER_VALIDATION_ERROR");
    expect(zeroLimit.body.message).toMatch(/^Order validation failed: .*positive/);

    const stpLmt = await preview(B({ orderType: "STP_LMT" }));
    expect(stpLmt.body.message).toContain("require a stop price; Stop-limit orders (STP_LMT) require a limit price");
    expect(stpLmt.body.details.errors).toHaveLength(2);
    expect((await preview(B({ orderType: "TRAIL", side: "SELL" }))).body.message).toContain(
      "trailingAmount OR trailingPercent",
    );
    const both = await preview(B({ orderType: "TRAIL", trailingAmount: 2.5, trailingPercent: 5 }));
    expect(both.body.message).toContain("cannot have both");

    const bracket = await preview(
      B({ orderType: "BRACKET", limitPrice: 195, takeProfitPrice: 190, stopLossPrice: 200 }),
    );
    expect(bracket.status).toBe(400);
    expect(bracket.body.message).toContain("take profit price must be greater than entry price");
    expect(bracket.body.message).toContain("stop loss price must be less than entry price");

    expect((await preview(B({ orderType: "MOC", tif: "GTC" }))).body.message).toContain("MOC orders require tif='DAY'");
    expect((await preview(B({ tif: "OPG" }))).status).toBe(200);
    const lmtStop = await preview(B({ orderType: "LMT", limitPrice: 150, stopPrice: 140 }));
    expect(lmtStop.body.message).toContain("LMT orders cannot have stopPrice");
  });

  it("answers an unknown tif with 400 VALIDATION_ERROR before the order rules (AC-08)", async () => {
    gw = await startTestGateway();
    for (const tif of ["INVALID", "MOC"]) {
      const res = await preview(B({ tif }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error_code: "VALIDATION_ERROR" });
      expect(res.body.message).toMatch(/^Invalid tif: /);
    }
  });
});

describe("preview estimates and warnings", () => {
  it("prices a market order from the touch, with the broker's commission (AC-13)", async () => {
    gw = await startTestGateway();
    const buy = await preview(B({ quantity: 10 }));
    expect(buy.status).toBe(200);
    expect(buy.body).toMatchObject({ estimatedPrice: 101, estimatedNotional: 1010, totalNotional: 1010 });
    expect(buy.body.estimatedCommission).toBe(1);
    expect(buy.body.warnings.at(-1)).toBe("Preview is simulated using current market data");
    expect(buy.body.legs).toEqual([]);
    const sell = await preview(B({ quantity: 10, side: "SELL" }));
    expect(sell.body).toMatchObject({ estimatedPrice: 99, estimatedNotional: 990 });
  });

  it("falls back to last and warns first when bid and ask are 0 (AC-14)", async () => {
    gw = await startTestGateway();
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 0, ask: 0, last: 100 });
    const res = await preview(B({}));
    expect(res.status).toBe(200);
    expect(res.body.estimatedPrice).toBe(100);
    expect(res.body.warnings[0]).toBe("Market appears closed - bid/ask not available");
    expect(res.body.warnings.at(-1)).toBe("Preview is simulated using current market data");
  });

  it("estimates trailing stops from last and names the trail (AC-15)", async () => {
    gw = await startTestGateway();
    const amount = await preview(B({ orderType: "TRAIL", side: "SELL", trailingAmount: 5 }));
    expect(amount.body.estimatedPrice).toBe(95);
    expect(amount.body.warnings).toContain("Trailing stop: $5.00 from high/low");
    const percent = await preview(B({ orderType: "TRAIL", side: "SELL", trailingPercent: 2.5 }));
    expect(percent.body.estimatedPrice).toBe(97.5);
    expect(percent.body.warnings).toContain("Trailing stop: 2.5% from high/low");
    const buy = await preview(B({ orderType: "TRAIL", trailingPercent: 2 }));
    expect(buy.body.estimatedPrice).toBe(102);
  });

  it("applies the futures multiplier (AC-16)", async () => {
    gw = await startTestGateway();
    gw.simulator!.control.setPrices({ symbol: "MES", last: 5000 });
    const res = await preview(
      B({ instrument: { symbol: "MES", securityType: "FUT" }, orderType: "LMT", limitPrice: 5000 }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ estimatedPrice: 5000, estimatedNotional: 25000 });
  });

  it("warns about large orders and about open and close auctions (AC-17)", async () => {
    gw = await startTestGateway();
    const large = await preview(B({ orderType: "LMT", limitPrice: 150, quantity: 1000 }));
    expect(large.body.warnings).toContain("Large order: estimated notional $150,000.00");
    const moc = await preview(B({ orderType: "MOC" }));
    expect(moc.body.warnings).toContain("Market-on-close order will execute at market close");
    const opg = await preview(B({ tif: "OPG" }));
    expect(opg.body.warnings).toContain("Market-on-open order will execute at market open");
  });

  it("shows the three bracket legs and their notionals (AC-18)", async () => {
    gw = await startTestGateway();
    const spec = B({ orderType: "BRACKET", quantity: 100, limitPrice: 195, takeProfitPrice: 210, stopLossPrice: 185 });
    const res = await preview(spec);
    const legs = res.body.legs as Record<string, unknown>[];
    expect(legs.map((l) => l.role)).toEqual(["entry", "take_profit", "stop_loss"]);
    expect(legs.map((l) => l.side)).toEqual(["BUY", "SELL", "SELL"]);
    expect(legs.map((l) => l.orderType)).toEqual(["LMT", "LMT", "STP"]);
    expect(legs.map((l) => l.tif)).toEqual(["DAY", "GTC", "GTC"]);
    expect(legs.map((l) => l.estimatedNotional)).toEqual([19500, 21000, 18500]);
    expect(res.body.totalNotional).toBe(19500);
    expect(res.body.warnings.slice(-2)).toEqual([
      "Preview is simulated using current market data",
      "Bracket order with 3 legs: entry, take profit, stop loss",
    ]);
    const stopLimit = await preview({ ...spec, stopLossLimitPrice: 184 });
    expect(stopLimit.body.legs[2]).toMatchObject({ orderType: "STP_LMT", stopPrice: 185, limitPrice: 184 });
  });
});

describe("preview risk check, token and audit", () => {
  it("passes the risk check and signs a v1 token valid for 300 s (AC-19)", async () => {
    gw = await startTestGateway();
    const before = Date.now();
    const res = await preview(B({ quantity: 10 }));
    expect(res.body.riskCheck).toEqual({ passed: true, violations: [] });
    const [version, expiresAtMs, sig] = String(res.body.confirmationToken).split(".");
    expect(version).toBe("v1");
    expect(Number(expiresAtMs)).toBeGreaterThanOrEqual(before + 300_000);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(res.body.confirmationExpiresAt)).toBe(Number(expiresAtMs));
  });

  it("says an index cannot be traded: the risk check fails, no token is issued, a placement never reaches the broker", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const spx = { instrument: { symbol: "SPX", securityType: "IND" }, side: "BUY", quantity: 1, orderType: "LMT" };
    const res = await preview({ ...spx, limitPrice: 6000 });
    expect(res.status).toBe(200);
    expect(res.body.riskCheck.passed).toBe(false);
    expect(res.body.riskCheck.violations.map((v: { rule: string }) => v.rule)).toContain("NOT_TRADABLE");
    expect(res.body).toMatchObject({ confirmationToken: null, confirmationExpiresAt: null });
    const placed = await post(gw, "/orders", { ...spx, limitPrice: 6000 });
    expect(placed.body).toMatchObject({ status: "REJECTED", rejectReason: "RISK_LIMIT" });
    expect(placed.body.riskViolations[0].rule).toBe("NOT_TRADABLE");
    expect(simOrders(gw)).toHaveLength(0);
  });

  it("reports limit breaches and an active kill switch without refusing the preview", async () => {
    gw = await startTestGateway({ env: { MAX_ORDER_QUANTITY: "5" } });
    await post(gw, "/admin/kill-switch", { active: true, reason: "drill" });
    const res = await preview(B({ quantity: 10 }));
    expect(res.status).toBe(200);
    expect(res.body.riskCheck.passed).toBe(false);
    expect(res.body.riskCheck.violations.map((v: { rule: string }) => v.rule)).toEqual([
      "MAX_ORDER_QUANTITY",
      "KILL_SWITCH",
    ]);
    expect(res.body.riskCheck.violations[1].message).toBe("Kill switch is active: drill");
  });

  it("writes one ORDER_PREVIEW row with the request's correlation id and account (AC-51)", async () => {
    gw = await startTestGateway();
    const res = await preview(B({ accountId: "DU1234567" }), { "X-Correlation-ID": "corr-1" });
    expect(res.status).toBe(200);
    const rows = auditRows(gw, "ORDER_PREVIEW");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: "DU1234567", correlationId: "corr-1" });
    expect(Object.keys(rows[0]!.eventData).sort()).toEqual([
      "estimated_notional",
      "estimated_price",
      "legs_count",
      "order_type",
      "quantity",
      "side",
      "symbol",
    ]);
    expect(gw.services.metrics.snapshot().counters.orders_total).toMatchObject({
      "event=preview,status=OK,symbol=AAPL": 1,
    });
  });

  it("never creates an order, and leaves the open orders unchanged (AC-30)", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    await post(gw, "/orders", B({ orderType: "LMT", limitPrice: 50 }));
    const before = (await get(gw, "/orders/open")).body;
    await preview(B({ orderType: "LMT", limitPrice: 60 }));
    expect((await get(gw, "/orders/open")).body).toEqual(before);
    expect(simOrders(gw)).toHaveLength(1);
    expect(auditRows(gw, "ORDER_SUBMIT")).toHaveLength(1);
  });

  it("refuses an account the broker does not manage with 404", async () => {
    gw = await startTestGateway();
    const res = await preview(B({ accountId: "U0000000" }));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: "ACCOUNT_NOT_FOUND", message: "Account not found: U0000000" });
  });
});
