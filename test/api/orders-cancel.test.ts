// Cancel, open orders and order sets on the real gateway and simulator.
import { afterEach, describe, expect, it } from "vitest";
import { cancelOrderSet, getOrderSetStatus } from "../../src/operations/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { auditRows, B, get, post, simOrders, until } from "../operations/orders/support/orders.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const ON = { ORDERS_ENABLED: "true" };
const restingLimit = async (fields: Record<string, unknown> = {}) =>
  (await post(gw!, "/orders", B({ orderType: "LMT", limitPrice: 50, ...fields }))).body.orderId as string;
const cancel = async (id: string) => (await post(gw!, `/orders/${id}/cancel`)).body;

describe("POST /orders/{order_id}/cancel", () => {
  it("cancels a resting order once, then says it already was (AC-26)", async () => {
    gw = await startTestGateway({ env: ON });
    const id = await restingLimit();
    expect(await cancel(id)).toEqual({
      orderId: id,
      status: "CANCELLED",
      message: "Order cancelled (IBKR status: Cancelled)",
    });
    expect(await cancel(id)).toEqual({ orderId: id, status: "CANCELLED", message: "Order was already cancelled" });
    expect((await get(gw, `/orders/${id}/status`)).body.status).toBe("CANCELLED");
    expect(auditRows(gw, "ORDER_CANCEL_REQUESTED").map((r) => r.eventData.order_id)).toEqual([id]);
    expect(auditRows(gw, "ORDER_CANCELLED").map((r) => r.eventData)).toEqual([
      { order_id: id, ibkr_status: "Cancelled" },
    ]);
    expect(sqliteOf(gw).getOrder(id)?.status).toBe("CANCELLED");
  });

  it("answers unknown and filled orders with 200 outcomes (AC-27)", async () => {
    gw = await startTestGateway({ env: ON });
    const unknown = await post(gw, "/orders/999999999/cancel");
    expect(unknown.status).toBe(200);
    expect(unknown.body.status).toBe("NOT_FOUND");
    expect(unknown.body.message).toContain("not found");
    const filled = (await post(gw, "/orders", B())).body.orderId as string;
    await until(gw, () => sqliteOf(gw!).getOrder(filled)?.status === "FILLED", "fill");
    expect(await cancel(filled)).toMatchObject({ status: "ALREADY_FILLED", message: "Order has already been filled" });
    expect(auditRows(gw, "ORDER_CANCEL_REQUESTED")).toHaveLength(0);
  });

  it("cancels a partially filled order and keeps the filled quantity (AC-28)", async () => {
    gw = await startTestGateway({ env: ON });
    const id = await restingLimit({ quantity: 10 });
    const [order] = simOrders(gw);
    gw.simulator!.control.fill({ permId: order!.permId, quantity: 4, price: 50 });
    await until(gw, () => sqliteOf(gw!).getOrder(id)?.status === "PARTIALLY_FILLED", "partial fill");
    expect((await get(gw, `/orders/${id}/status`)).body).toMatchObject({
      status: "PARTIALLY_FILLED",
      filledQuantity: 4,
      remainingQuantity: 6,
      avgFillPrice: 50,
    });
    expect((await cancel(id)).status).toBe("CANCELLED");
    expect((await get(gw, `/orders/${id}/status`)).body).toMatchObject({ status: "CANCELLED", filledQuantity: 4 });
  });

  it("cancels the children of a cancelled bracket entry at the broker", async () => {
    gw = await startTestGateway({ env: ON });
    const res = await post(
      gw,
      "/orders",
      B({ orderType: "BRACKET", quantity: 100, limitPrice: 95, takeProfitPrice: 110, stopLossPrice: 90 }),
    );
    const ids = res.body.orderIds as string[];
    expect((await cancel(res.body.orderId)).status).toBe("CANCELLED");
    await until(gw, () => ids.every((id) => sqliteOf(gw!).getOrder(id)?.status === "CANCELLED"), "legs");
    expect(auditRows(gw, "ORDER_CANCELLED")).toHaveLength(3);
  });
});

describe("GET /orders/open", () => {
  it("lists working orders with every field of OpenOrder (AC-30)", async () => {
    gw = await startTestGateway({ env: ON });
    await restingLimit({ clientOrderId: "open-1" });
    await restingLimit({ limitPrice: 40 });
    const res = await get(gw, "/orders/open");
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    for (const order of res.body) {
      expect(Object.keys(order)).toEqual(
        expect.arrayContaining([
          "orderId",
          "clientOrderId",
          "symbol",
          "side",
          "quantity",
          "orderType",
          "status",
          "brokerStatus",
          "filledQuantity",
          "remainingQuantity",
          "avgFillPrice",
          "accountId",
        ]),
      );
    }
    expect(res.body[0]).toMatchObject({ clientOrderId: "open-1", limitPrice: 50, accountId: "DU1234567" });
  });
});

describe("order sets", () => {
  it("cancels a set and summarises the outcomes", async () => {
    gw = await startTestGateway({ env: ON });
    expect(await cancelOrderSet(gw.services, [])).toEqual({
      orderId: "",
      status: "NOT_FOUND",
      message: "No order IDs provided",
    });
    expect((await cancelOrderSet(gw.services, ["999999998", "999999999"])).message).toBe("No orders found in set");
    const a = await restingLimit();
    const b = await restingLimit({ limitPrice: 40 });
    const filled = (await post(gw, "/orders", B())).body.orderId as string;
    await until(gw, () => sqliteOf(gw!).getOrder(filled)?.status === "FILLED", "fill");
    expect(await cancelOrderSet(gw.services, [a, b, filled])).toEqual({
      orderId: a,
      status: "CANCELLED",
      message: "Order set cancelled: 2 cancelled, 1 already filled",
    });
  });

  it("reads the statuses of the found orders in input order", async () => {
    gw = await startTestGateway({ env: ON });
    expect(await getOrderSetStatus(gw.services, [])).toEqual([]);
    await expect(getOrderSetStatus(gw.services, ["1", "2"])).rejects.toMatchObject({
      code: "ORDER_NOT_FOUND",
      message: "None of the orders found: [1, 2]",
    });
    const a = await restingLimit();
    const b = await restingLimit({ limitPrice: 40 });
    const statuses = await getOrderSetStatus(gw.services, [b, "999999999", a]);
    expect(statuses.map((s) => s.orderId)).toEqual([b, a]);
  });
});
