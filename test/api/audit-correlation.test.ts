// Audit rows of every event type carry the correlation id of the request that caused them: request
// events the request's id, asynchronous order events the id recorded when the order was placed, connection rows none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEventType } from "../../src/store/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    env: { API_KEY: "test-key-0123456789", ORDERS_ENABLED: "true", SYMBOL_ALLOWLIST: "AAPL,MSFT" },
  });
});
afterAll(() => gw.close());

const AAPL = { symbol: "AAPL", securityType: "STK" };
const send = (method: "GET" | "POST", url: string, corr: string, payload?: unknown, key = "test-key-0123456789") =>
  gw.app.inject({ method, url, payload: payload as object, headers: { "x-api-key": key, "x-correlation-id": corr } });

function rows(type: AuditEventType) {
  return sqliteOf(gw).queryAudit({ eventType: type, limit: 1000 }).records;
}
const correlations = (type: AuditEventType) => [...new Set(rows(type).map((r) => r.correlationId))];

describe("audit correlation ids", () => {
  it("are the request's id for request events and the placement's id for later order events", async () => {
    await send("GET", "/trading-status", "c-auth", undefined, "wrong");
    await send("POST", "/orders/preview", "c-preview", {
      instrument: AAPL,
      side: "BUY",
      quantity: 1,
      orderType: "LMT",
      limitPrice: 50,
    });
    await send("POST", "/orders", "c-invalid", { instrument: AAPL, side: "BUY", quantity: 1, orderType: "LMT" });
    await send("POST", "/orders", "c-risk", {
      instrument: { symbol: "TSLA", securityType: "STK" },
      side: "BUY",
      quantity: 1,
      orderType: "MKT",
    });
    const filled = (
      await send("POST", "/orders", "c-fill", { instrument: AAPL, side: "BUY", quantity: 10, orderType: "MKT" })
    ).json();
    const resting = (
      await send("POST", "/orders", "c-rest", {
        instrument: AAPL,
        side: "BUY",
        quantity: 1,
        orderType: "LMT",
        limitPrice: 50,
      })
    ).json();
    expect([filled.status, resting.status]).toEqual(["ACCEPTED", "ACCEPTED"]);
    await send("POST", `/orders/${resting.orderId}/cancel`, "c-cancel");
    await send("POST", "/admin/kill-switch", "c-ks-on", { active: true, reason: "test" });
    await send("POST", "/admin/kill-switch", "c-ks-off", { active: false });
    await expect.poll(() => rows("ORDER_FILL").length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => rows("ORDER_CANCELLED").length, { timeout: 10_000 }).toBeGreaterThan(0);

    expect(correlations("AUTH_FAILURE")).toEqual(["c-auth"]);
    expect(correlations("ORDER_REJECTED")).toEqual(["c-invalid"]);
    expect(correlations("RISK_REJECTED")).toEqual(["c-risk"]);
    expect(correlations("ORDER_SUBMIT").sort()).toEqual(["c-fill", "c-rest"]);
    // Step 11 of placement writes a preview row before the risk check, so the refused order has one too.
    expect(correlations("ORDER_PREVIEW").sort()).toEqual(["c-fill", "c-preview", "c-rest", "c-risk"]);
    expect(correlations("ORDER_FILL")).toEqual(["c-fill"]);
    expect(correlations("ORDER_STATUS").sort()).toEqual(["c-fill", "c-rest"]);
    expect(correlations("ORDER_CANCEL_REQUESTED")).toEqual(["c-cancel"]);
    expect(correlations("ORDER_CANCELLED")).toEqual(["c-rest"]);
    expect(correlations("KILL_SWITCH").sort()).toEqual(["c-ks-off", "c-ks-on"]);
    expect(correlations("CONNECTION")).toEqual([null]);
    for (const type of ["ORDER_SUBMIT", "ORDER_FILL", "ORDER_PREVIEW"] as const) {
      for (const row of rows(type)) expect(row.accountId).toBe("DU1234567");
    }
  });

  it("records a SIMULATED placement under the request's id", async () => {
    const off = await startTestGateway({ env: { ORDERS_ENABLED: "false" } });
    try {
      await off.app.inject({
        method: "POST",
        url: "/orders",
        headers: { "x-correlation-id": "c-sim" },
        payload: { instrument: AAPL, side: "BUY", quantity: 1, orderType: "MKT", clientOrderId: "sim-1" },
      });
      const sim = sqliteOf(off).queryAudit({ eventType: "ORDER_SIMULATED" }).records;
      expect(sim.map((r) => [r.correlationId, r.eventData.reason, r.eventData.client_order_id])).toEqual([
        ["c-sim", "ORDERS_ENABLED=false", "sim-1"],
      ]);
    } finally {
      await off.close();
    }
  });
});
