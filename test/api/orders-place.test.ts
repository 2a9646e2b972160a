// POST /orders and the order lifecycle on the real gateway and simulator:
// simulated, validation and broker rejections, fills, brackets, order-type mapping and status lookups.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { auditRows, B, closedPort, get, post, simOrders, until } from "../operations/orders/support/orders.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const ON = { ORDERS_ENABLED: "true" };
const place = (body: Record<string, unknown>, headers?: Record<string, string>) => post(gw!, "/orders", body, headers);
const statusOf = async (id: string) => (await get(gw!, `/orders/${id}/status`)).body;

describe("orders that never reach the broker", () => {
  it("simulates when orders are disabled, also with the broker down (AC-20)", async () => {
    gw = await startTestGateway();
    const body = B({ orderType: "LMT", limitPrice: 150, clientOrderId: "c-1" });
    const res = await place(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "SIMULATED", orderId: null, orderStatus: null, clientOrderId: "c-1" });
    expect(res.body.errors).toEqual([
      "Order not placed: orders are disabled (ORDERS_ENABLED=false); nothing was sent to the simulator",
    ]);
    expect(simOrders(gw)).toHaveLength(0);
    expect(auditRows(gw, "ORDER_SIMULATED")).toHaveLength(1);
    expect(auditRows(gw, "ORDER_SIMULATED")[0]!.eventData).toMatchObject({ reason: "ORDERS_ENABLED=false" });
    await gw.close();

    gw = await startTestGateway({ simulate: false, overrides: { gatewayPort: await closedPort() }, waitReady: false });
    const down = await place(body);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: "SIMULATED", clientOrderId: "c-1" });
  });

  it("rejects rule breaches with 200 REJECTED VALIDATION and no broker contact (AC-21)", async () => {
    gw = await startTestGateway({ env: ON });
    const mktWithLimit = await place(B({ limitPrice: 150 }));
    expect(mktWithLimit.body).toMatchObject({ status: "REJECTED", rejectReason: "VALIDATION" });
    expect(mktWithLimit.body.errors[0]).toContain("limit price");
    const lmtWithout = await place(B({ orderType: "LMT" }));
    expect(lmtWithout.body.errors[0]).toContain("limit price");
    expect(simOrders(gw)).toHaveLength(0);
    const rows = auditRows(gw, "ORDER_REJECTED");
    expect(rows.map((r) => r.eventData.reject_reason)).toEqual(["VALIDATION", "VALIDATION"]);
    await gw.close();

    gw = await startTestGateway();
    expect((await place(B({ orderType: "LMT" }))).body).toMatchObject({
      status: "REJECTED",
      rejectReason: "VALIDATION",
    });
  });
});

describe("orders sent to the broker", () => {
  it("accepts a resting limit order and reports it as SUBMITTED (AC-22)", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await place(B({ orderType: "LMT", limitPrice: 50 }), { "X-Correlation-ID": "corr-place" });
    expect(res.body).toMatchObject({ status: "ACCEPTED", rejectReason: null, orderIds: [], orderRoles: {} });
    expect(res.body.orderId).toMatch(/^\d+$/);
    expect(res.body.orderStatus.status).toBe("SUBMITTED");
    const status = await statusOf(res.body.orderId);
    expect(status).toMatchObject({ orderId: res.body.orderId, status: "SUBMITTED", brokerStatus: "Submitted" });
    const submit = auditRows(gw, "ORDER_SUBMIT");
    expect(submit).toHaveLength(1);
    expect(submit[0]).toMatchObject({ correlationId: "corr-place", accountId: "DU1234567" });
    expect(submit[0]!.eventData).toMatchObject({ order_id: res.body.orderId, result_status: "ACCEPTED" });
    const row = sqliteOf(gw).getOrder(res.body.orderId);
    expect(row).toMatchObject({ status: "SUBMITTED", correlationId: "corr-place", apiClientId: 1 });
    expect(row?.configSnapshot).toEqual({ trading_mode: "paper", orders_enabled: true, mode: "simulation" });
    expect(row?.marketSnapshot).toMatchObject({ bid: 99, ask: 101 });
    expect(row?.previewData).toMatchObject({ estimatedPrice: 50, estimatedNotional: 50 });
    expect(auditRows(gw, "ORDER_STATUS").every((r) => r.correlationId === "corr-place")).toBe(true);
  });

  it("fills a market order at the ask and records the fill with its commission (AC-24)", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await place(B({ quantity: 10 }));
    expect(res.body.status).toBe("ACCEPTED");
    const filled = () => sqliteOf(gw!).getOrder(res.body.orderId)?.status === "FILLED";
    await until(gw, () => auditRows(gw!, "ORDER_FILL").length === 1 && filled(), "ORDER_FILL row and FILLED");
    expect(await statusOf(res.body.orderId)).toMatchObject({ status: "FILLED", filledQuantity: 10, avgFillPrice: 101 });
    expect(auditRows(gw, "ORDER_FILL")[0]!.eventData).toMatchObject({
      order_id: res.body.orderId,
      quantity: 10,
      price: 101,
      commission: 1,
      commission_currency: "USD",
    });
    const row = sqliteOf(gw).getOrder(res.body.orderId);
    expect(row?.fillData).toMatchObject({ filled_quantity: 10, avg_fill_price: 101 });
    expect(row?.status).toBe("FILLED");
    const metrics = gw.services.metrics.snapshot();
    expect(metrics.counters.orders_total).toMatchObject({ "event=filled,status=FILLED,symbol=AAPL": 1 });
    expect(metrics.histograms.order_time_to_fill_seconds?.["symbol=AAPL"]?.count).toBe(1);
  });

  it("answers a market order that filled within its first answer with the fills known then", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await place(B({ quantity: 3 }));
    expect(res.body).toMatchObject({ status: "ACCEPTED", orderStatus: { status: "FILLED", filledQuantity: 3 } });
    expect(res.body.fills).toEqual([
      { execId: expect.any(String) as string, time: expect.any(String) as string, quantity: 3, price: 101 },
    ]);
    const resting = await place(B({ orderType: "LMT", limitPrice: 50 }));
    expect(resting.body.fills).toEqual([]);
  });

  it("wires a bracket at the broker and stores one row per leg and one ORDER_SUBMIT (AC-25)", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await place(
      B({ orderType: "BRACKET", quantity: 100, limitPrice: 95, takeProfitPrice: 110, stopLossPrice: 90 }),
    );
    expect(res.body.status).toBe("ACCEPTED");
    const ids = res.body.orderIds as string[];
    expect(new Set(ids).size).toBe(3);
    expect(Object.keys(res.body.orderRoles).sort()).toEqual(["entry", "stop_loss", "take_profit"]);
    expect(res.body.orderId).toBe(res.body.orderRoles.entry);
    const [entry, tp, sl] = simOrders(gw);
    expect(entry).toMatchObject({ orderType: "LMT", action: "BUY", lmtPrice: 95, transmit: false, ocaGroup: "" });
    expect(tp).toMatchObject({ orderType: "LMT", action: "SELL", lmtPrice: 110, tif: "GTC", parentId: entry!.orderId });
    expect(sl).toMatchObject({ orderType: "STP", action: "SELL", auxPrice: 90, tif: "GTC", parentId: entry!.orderId });
    expect(tp!.ocaGroup).not.toBe("");
    expect(sl!.ocaGroup).toBe(tp!.ocaGroup);
    expect([tp!.ocaType, sl!.ocaType]).toEqual([1, 1]);
    const rows = ids.map((id) => sqliteOf(gw!).getOrder(id));
    expect(rows.map((r) => r?.role)).toEqual(["entry", "take_profit", "stop_loss"]);
    expect(rows.map((r) => r?.parentOrderId)).toEqual([null, res.body.orderId, res.body.orderId]);
    const submits = auditRows(gw, "ORDER_SUBMIT");
    expect(submits).toHaveLength(1);
    expect(submits[0]!.eventData).toMatchObject({ order_ids: ids, order_roles: res.body.orderRoles });
  });

  it("fills the entry, then the take profit, and cancels the stop loss (AC-46)", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await place(
      B({ orderType: "BRACKET", quantity: 100, limitPrice: 95, takeProfitPrice: 110, stopLossPrice: 90 }),
    );
    const [entry, tp, sl] = res.body.orderIds as string[];
    const stored = (id: string) => sqliteOf(gw!).getOrder(id)?.status;
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 94.9, ask: 95, last: 95 });
    await until(gw, () => stored(entry!) === "FILLED", "entry FILLED");
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 110, ask: 110.1, last: 110 });
    await until(gw, () => stored(tp!) === "FILLED" && stored(sl!) === "CANCELLED", "TP FILLED and SL CANCELLED");
    expect(auditRows(gw, "ORDER_CANCELLED").map((r) => r.eventData.order_id)).toEqual([sl]);
  });

  it("fills resting limit and stop orders when prices move through them (AC-45)", async () => {
    gw = await startTestGateway({ env: ON });
    const limit = await place(B({ orderType: "LMT", limitPrice: 98 }));
    const stop = await place(B({ orderType: "STP", side: "SELL", stopPrice: 95 }));
    const filledAt = (id: string) => sqliteOf(gw!).getOrder(id)?.fillData?.avg_fill_price;
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 97.4, ask: 97.5, last: 97.45 });
    await until(gw, () => filledAt(limit.body.orderId) === 97.5, "limit fill");
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 93.9, ask: 94.1, last: 94 });
    await until(gw, () => filledAt(stop.body.orderId) === 93.9, "stop fill");
    expect(await statusOf(stop.body.orderId)).toMatchObject({ status: "FILLED", avgFillPrice: 93.9 });
  });

  it("answers a broker rejection with 200 REJECTED BROKER (AC-29)", async () => {
    gw = await startTestGateway({ env: ON });
    gw.simulator!.control.addFault({ kind: "reject-next-order" });
    const res = await place(B({ orderType: "LMT", limitPrice: 50 }));
    expect(res.body).toMatchObject({ status: "REJECTED", rejectReason: "BROKER" });
    expect(res.body.orderStatus).toMatchObject({ status: "REJECTED", brokerStatus: "Inactive" });
    expect(res.body.errors.some((e: string) => e.includes("Order rejected"))).toBe(true);
    const rejected = auditRows(gw, "ORDER_REJECTED");
    expect(rejected[0]!.eventData).toMatchObject({ reject_reason: "BROKER", order_id: res.body.orderId });
  });

  it("maps OCA groups, MOC and OPG to the broker's fields (AC-31)", async () => {
    gw = await startTestGateway({ env: ON });
    await place(B({ orderType: "LMT", limitPrice: 50, ocaGroup: "my_oca_group" }));
    await place(B({ orderType: "LMT", limitPrice: 51, ocaGroup: "my_oca_group", ocaType: 2 }));
    await place(B({ orderType: "MOC", side: "SELL", quantity: 5 }));
    await place(B({ orderType: "OPG", side: "SELL", quantity: 50 }));
    const [oca1, oca2, moc, opg] = simOrders(gw);
    expect(oca1).toMatchObject({ ocaGroup: "my_oca_group", ocaType: 1 });
    expect(oca2).toMatchObject({ ocaGroup: "my_oca_group", ocaType: 2 });
    expect(moc).toMatchObject({ orderType: "MOC", tif: "DAY" });
    expect(opg).toMatchObject({ orderType: "MKT", tif: "OPG" });
    const open = (await get(gw, "/orders/open")).body as { orderType: string }[];
    expect(open.map((o) => o.orderType)).toEqual(expect.arrayContaining(["MOC", "OPG"]));
  });
});

describe("GET /orders/{order_id}/status", () => {
  it("answers unknown ids with 404 ORDER_NOT_FOUND (AC-27)", async () => {
    gw = await startTestGateway();
    const res = await get(gw, "/orders/999999999/status");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error_code: "ORDER_NOT_FOUND",
      message: "Order not found: Order 999999999 not found",
    });
  });

  it("accepts the permId and ord_<id> forms and shows the clientOrderId", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await place(B({ orderType: "LMT", limitPrice: 50, clientOrderId: "ref-1" }));
    const [order] = simOrders(gw);
    for (const id of [res.body.orderId, String(order!.permId), `ord_${order!.orderId}`]) {
      expect(await statusOf(id)).toMatchObject({ orderId: res.body.orderId, clientOrderId: "ref-1" });
    }
  });

  it("fails fast with 503 while the broker is down (AC-41)", async () => {
    gw = await startTestGateway({ simulate: false, overrides: { gatewayPort: await closedPort() }, waitReady: false });
    for (const url of ["/orders/12345/status", "/orders/open"]) {
      const res = await get(gw, url);
      expect(res.status).toBe(503);
      expect(res.body.error_code).toBe("IBKR_CONNECTION_ERROR");
    }
    expect((await post(gw, "/orders/preview", B())).status).toBe(503);
  });
});
