// What asks of POST /orders beyond the just-under/just-over cases of test/api/orders-risk.test.ts: the
// RISK_REJECTED row and risk_rejections_total per rule, every violation collected, the quantity message, a
// missing reference price, previews counting nothing, a bracket as one order for the rate limit, and open orders
// of other API clients counting against MAX_OPEN_ORDERS.
import { afterEach, describe, expect, it } from "vitest";
import type { Broker } from "../../src/broker/index.js";
import { auditRows, B, post, simOrders } from "../operations/orders/support/orders.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { placeRaw, rawClient, RESTING } from "./support.js";

let gw: TestGateway | undefined;
let raw: Broker | undefined;
afterEach(async () => {
  raw?.stop();
  await gw?.close();
  gw = raw = undefined;
});

const place = (body: Record<string, unknown>) => post(gw!, "/orders", body);
const BRACKET = B({ orderType: "BRACKET", limitPrice: 95, takeProfitPrice: 110, stopLossPrice: 90 });

describe("risk refusals", () => {
  it("collects every violation, audits them as RISK_REJECTED and counts each rule", async () => {
    gw = await startTestGateway({
      env: { ORDERS_ENABLED: "true", MAX_ORDER_QUANTITY: "5", MAX_ORDER_NOTIONAL: "500", SYMBOL_ALLOWLIST: "MSFT" },
    });
    expect(
      (await place({ ...RESTING, quantity: 5, instrument: { symbol: "MSFT", securityType: "STK" } })).body.status,
    ).toBe("ACCEPTED");
    const res = await place({ ...RESTING, quantity: 6, limitPrice: 100, clientOrderId: "risk-1" });
    expect(res.body).toMatchObject({ status: "REJECTED", rejectReason: "RISK_LIMIT" });
    expect(res.body.errors).toEqual([
      "Symbol AAPL is not in SYMBOL_ALLOWLIST",
      "Quantity 6 exceeds max 5",
      "Estimated notional $600.00 exceeds max $500.00",
    ]);
    const [row] = auditRows(gw, "RISK_REJECTED");
    expect(Object.keys(row!.eventData as object).sort()).toEqual(
      ["client_order_id", "order_type", "quantity", "side", "symbol", "violations"].sort(),
    );
    expect(row!.eventData).toMatchObject({ symbol: "AAPL", side: "BUY", quantity: 6, client_order_id: "risk-1" });
    expect((row!.eventData as { violations: unknown[] }).violations).toEqual(res.body.riskViolations);
    expect(res.body.riskViolations[1]).toMatchObject({ rule: "MAX_ORDER_QUANTITY", limit: 5, actual: 6 });
    expect(gw.services.metrics.snapshot().counters.risk_rejections_total).toEqual({
      "rule=SYMBOL_ALLOWLIST": 1,
      "rule=MAX_ORDER_QUANTITY": 1,
      "rule=MAX_ORDER_NOTIONAL": 1,
    });
    expect(simOrders(gw)).toHaveLength(1);
  });

  it("refuses a market order without a reference price", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDER_NOTIONAL: "100000" } });
    gw.simulator!.control.addFault({ kind: "no-data", symbol: "MSFT" });
    const res = await place(B({ instrument: { symbol: "MSFT", securityType: "STK" } }));
    expect(res.body.riskViolations.map((v: { rule: string }) => v.rule)).toEqual(["NO_REFERENCE_PRICE"]);
    expect(res.body.errors[0]).toMatch(/^No usable market price for MSFT/);
    expect(simOrders(gw)).toHaveLength(0);
  });
});

describe("what the order limits count", () => {
  it("counts no preview against MAX_ORDERS_PER_MINUTE, and a bracket as one order", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDERS_PER_MINUTE: "2" } });
    for (let i = 0; i < 3; i++) expect((await post(gw, "/orders/preview", RESTING)).body.riskCheck.passed).toBe(true);
    expect((await place(BRACKET)).body.status).toBe("ACCEPTED");
    expect((await place(RESTING)).body.status).toBe("ACCEPTED");
    const refused = await place(RESTING);
    expect(refused.body.errors).toEqual(["Order rate limit reached: 2 orders in the last 60s (max 2)"]);
  });

  it("counts working orders of other API clients against MAX_OPEN_ORDERS", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_OPEN_ORDERS: "1" } });
    raw = await rawClient(gw.simulator!, 92);
    await placeRaw(raw, gw.simulator!);
    const refused = await place(RESTING);
    expect(refused.body.riskViolations).toEqual([
      expect.objectContaining({ rule: "MAX_OPEN_ORDERS", message: "Open orders limit reached: 1 open (max 1)" }),
    ]);
  });
});
