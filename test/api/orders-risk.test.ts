// Risk limits, the kill switch and the live override on POST /orders.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { auditRows, B, post, simOrders } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
let sim: RunningSimulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await gw?.close();
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  gw = sim = dir = undefined;
});

const place = (body: Record<string, unknown>) => post(gw!, "/orders", body);
const lmt = (fields: Record<string, unknown> = {}) => B({ orderType: "LMT", limitPrice: 50, ...fields });

describe("pre-trade risk limits", () => {
  it("refuses symbols outside the allowlist without contacting the broker (AC-48)", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", SYMBOL_ALLOWLIST: "AAPL,MSFT" } });
    const res = await place(lmt({ instrument: { symbol: "TSLA", securityType: "STK" } }));
    expect(res.body).toMatchObject({ status: "REJECTED", rejectReason: "RISK_LIMIT" });
    expect(res.body.riskViolations[0].rule).toBe("SYMBOL_ALLOWLIST");
    expect(auditRows(gw, "RISK_REJECTED")).toHaveLength(1);
    expect(simOrders(gw)).toHaveLength(0);
    expect(gw.services.metrics.snapshot().counters.risk_rejections_total).toEqual({ "rule=SYMBOL_ALLOWLIST": 1 });
  });

  it("checks a market order's notional against the ask, just under and just over (AC-49)", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDER_NOTIONAL: "1010" } });
    expect((await place(B({ quantity: 10 }))).body.status).toBe("ACCEPTED");
    const over = await place(B({ quantity: 20 }));
    expect(over.body.status).toBe("REJECTED");
    expect(over.body.errors).toEqual(["Estimated notional $2,020.00 exceeds max $1,010.00"]);
  });

  it("lets only MAX_ORDERS_PER_MINUTE of concurrent submissions through", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDERS_PER_MINUTE: "2" } });
    const results = await Promise.all([1, 2, 3, 4].map((i) => place(lmt({ limitPrice: 40 + i }))));
    const statuses = results.map((r) => r.body.status).sort();
    expect(statuses).toEqual(["ACCEPTED", "ACCEPTED", "REJECTED", "REJECTED"]);
    const refused = results.find((r) => r.body.status === "REJECTED")!.body;
    expect(refused.errors[0]).toBe("Order rate limit reached: 2 orders in the last 60s (max 2)");
    expect(simOrders(gw)).toHaveLength(2);
  });

  it("lets only MAX_OPEN_ORDERS working orders exist, counting bracket legs", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_OPEN_ORDERS: "3" } });
    const results = await Promise.all([1, 2, 3, 4].map((i) => place(lmt({ limitPrice: 40 + i }))));
    expect(results.filter((r) => r.body.status === "ACCEPTED")).toHaveLength(3);
    const refused = results.find((r) => r.body.status === "REJECTED")!.body;
    expect(refused.riskViolations[0]).toMatchObject({ rule: "MAX_OPEN_ORDERS", limit: 3, actual: 3 });
    await post(gw, `/orders/${results[0]!.body.orderId}/cancel`);
    const bracket = await place(B({ orderType: "BRACKET", limitPrice: 95, takeProfitPrice: 110, stopLossPrice: 90 }));
    expect(bracket.body.rejectReason).toBe("RISK_LIMIT");
    expect((await place(lmt())).body.status).toBe("ACCEPTED");
  });
});

describe("kill switch", () => {
  it("blocks placement but not previews, and placement resumes when it is off (AC-50)", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    await post(gw, "/admin/kill-switch", { active: true, reason: "test" });
    const refused = await place(lmt());
    expect(refused.body).toMatchObject({
      status: "REJECTED",
      rejectReason: "KILL_SWITCH",
      errors: ["Kill switch is active: test"],
    });
    expect(refused.body.riskViolations).toEqual([
      { rule: "KILL_SWITCH", message: "Kill switch is active: test", limit: null, actual: "test" },
    ]);
    expect((await post(gw, "/orders/preview", lmt())).status).toBe(200);
    expect(simOrders(gw)).toHaveLength(0);
    await post(gw, "/admin/kill-switch", { active: false });
    expect((await place(lmt())).body.status).toBe("ACCEPTED");
  });
});

describe("live trading override", () => {
  it("refuses a live order with 403 once the override file is gone, and sends nothing (AC-05)", async () => {
    sim = await startSimulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), "gw-live-"));
    const override = join(dir, "LIVE_OK");
    writeFileSync(override, "yes");
    gw = await startTestGateway({
      simulate: false,
      waitReady: true,
      env: {
        TRADING_MODE: "live",
        ORDERS_ENABLED: "true",
        LIVE_TRADING_OVERRIDE_FILE: override,
        LIVE_GATEWAY_PORT: String(sim.port),
      },
    });
    rmSync(override);
    const res = await place(lmt());
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error_code: "TRADING_DISABLED",
      message: `Trading disabled: live override file ${override} no longer exists (LIVE_TRADING_OVERRIDE_FILE)`,
    });
    expect(sim.control.state().orders).toHaveLength(0);
    expect(auditRows(gw, "ORDER_REJECTED")[0]!.eventData.reject_reason).toBe("TRADING_DISABLED");
  });
});
