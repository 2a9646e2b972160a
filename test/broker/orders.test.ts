// Orders end to end against the simulator over TCP: every order type, fills through pinned
// prices, what-if, brackets with rollback, cancel outcomes, open orders and lookup by orderRef.
import { afterEach, describe, expect, it } from "vitest";
import type { FillEvent, OrderStatusEvent } from "../../src/broker/index.js";
import { OrderSpec, type ResolvedContract } from "../../src/domain/index.js";
import { startHarness, waitFor, type Harness } from "./support/harness.js";

const order = (fields: Record<string, unknown>) =>
  OrderSpec.parse({ instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", quantity: 10, ...fields });

describe("orders", () => {
  let h: Harness;
  let aapl: ResolvedContract;
  afterEach(async () => h?.close());

  async function setup(): Promise<void> {
    h = await startHarness();
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.1, last: 250.05 });
    aapl = await h.broker.contracts.resolve({ symbol: "AAPL", securityType: "STK" });
  }
  const fills = () => (listener: (f: FillEvent) => void) => h.broker.onFill(listener);
  const statuses = () => (listener: (e: OrderStatusEvent) => void) => h.broker.onOrderStatus(listener);

  it("fills a market order and reports the fill with its commission", async () => {
    await setup();
    const fill = waitFor(fills());
    const result = await h.broker.orders.place(order({ orderType: "MKT", clientOrderId: "mkt-1" }), aapl);
    expect(result).toMatchObject({ rejected: false, orderIds: [], orderRoles: {} });
    expect(result.orderId).toMatch(/^\d+$/);
    expect(result.orderStatus.clientOrderId).toBe("mkt-1");
    expect(await fill).toMatchObject({
      side: "BUY",
      quantity: 10,
      price: 250.1,
      symbol: "AAPL",
      commission: 1,
      orderRef: "mkt-1",
    });
    const status = await h.broker.orders.status(result.orderId);
    expect(status).toMatchObject({ status: "FILLED", filledQuantity: 10, remainingQuantity: 0, avgFillPrice: 250.1 });
  });

  it("rests a limit order, fills it when the price is pinned through it, and lists it while open", async () => {
    await setup();
    const result = await h.broker.orders.place(order({ orderType: "LMT", limitPrice: 249 }), aapl);
    expect(result.orderStatus).toMatchObject({ status: "SUBMITTED", brokerStatus: "Submitted" });
    const open = await h.broker.orders.openOrders();
    expect(open).toEqual([
      expect.objectContaining({ orderId: result.orderId, orderType: "LMT", limitPrice: 249, status: "SUBMITTED" }),
    ]);
    const filled = waitFor(statuses(), (e) => e.orderId === result.orderId && e.status.status === "FILLED");
    h.sim.control.setPrices({ symbol: "AAPL", bid: 248.9, ask: 249, last: 248.95 });
    expect((await filled).previousStatus).toBe("SUBMITTED");
  });

  it("maps the remaining order types to working or filled broker orders", async () => {
    await setup();
    const cases = [
      { fields: { orderType: "STP", stopPrice: 260 }, type: "STP" },
      { fields: { orderType: "STP_LMT", stopPrice: 260, limitPrice: 261 }, type: "STP_LMT" },
      { fields: { orderType: "TRAIL", trailingAmount: 5, side: "SELL" }, type: "TRAIL" },
      { fields: { orderType: "TRAIL_LIMIT", trailingPercent: 2, limitPrice: 0.5, side: "SELL" }, type: "TRAIL_LIMIT" },
      { fields: { orderType: "MOC" }, type: "MOC" },
      { fields: { orderType: "OPG" }, type: "OPG" },
    ];
    for (const c of cases) {
      const result = await h.broker.orders.place(order(c.fields), aapl);
      expect(result.rejected, c.type).toBe(false);
    }
    const open = await h.broker.orders.openOrders();
    expect(open.map((o) => o.orderType).sort()).toEqual(cases.map((c) => c.type).sort());
    const filled = waitFor(statuses(), (e) => e.status.status === "FILLED");
    h.sim.control.auction({ type: "close" });
    await filled;
  });

  it("expires an IOC order the broker cancels, and previews with the broker's margin figures", async () => {
    await setup();
    const ioc = await h.broker.orders.place(order({ orderType: "LMT", limitPrice: 200, tif: "IOC" }), aapl);
    expect(ioc.orderStatus.status).toBe("EXPIRED");
    const preview = await h.broker.orders.whatIf(order({ orderType: "LMT", limitPrice: 250 }), aapl);
    expect(preview).toMatchObject({ ok: true, commission: 1 });
    expect(preview.ok && preview.initialMarginChange).toBeGreaterThan(0);
    expect(h.sim.control.state().orders.every((o) => o.tif === "IOC")).toBe(true);
  });

  it("answers a what-if the broker rejects (an index is not tradable) with kind rejected", async () => {
    await setup();
    const spx = await h.broker.contracts.resolve({ symbol: "SPX", securityType: "IND" });
    const index = order({ instrument: { symbol: "SPX", securityType: "IND" }, quantity: 1, orderType: "MKT" });
    const preview = await h.broker.orders.whatIf(index, spx);
    expect(preview).toEqual({
      ok: false,
      kind: "rejected",
      message: "Order rejected - reason:SPX (IND) is not tradable",
    });
    expect(h.sim.control.state().orders).toEqual([]);
  });

  it("reports a partial fill forced at the broker with filled, remaining, average price and a fill", async () => {
    await setup();
    const spec = order({ orderType: "LMT", limitPrice: 249, clientOrderId: "part-1" });
    const placed = await h.broker.orders.place(spec, aapl);
    const permId = h.sim.control.state().orders.find((o) => o.orderRef === "part-1")?.permId ?? 0;
    const partial = waitFor(statuses(), (e) => e.orderId === placed.orderId && e.status.status === "PARTIALLY_FILLED");
    const fill = waitFor(fills());
    expect(h.sim.control.fill({ permId, quantity: 4, price: 248.5 })).toMatchObject({ filled: 4, remaining: 6 });
    expect((await partial).status).toMatchObject({
      status: "PARTIALLY_FILLED",
      filledQuantity: 4,
      remainingQuantity: 6,
      avgFillPrice: 248.5,
    });
    expect(await fill).toMatchObject({ quantity: 4, price: 248.5, cumulativeQuantity: 4, side: "BUY" });
    expect(await h.broker.orders.status(placed.orderId)).toMatchObject({
      status: "PARTIALLY_FILLED",
      filledQuantity: 4,
      remainingQuantity: 6,
      avgFillPrice: 248.5,
    });
  });

  it("reports a broker rejection", async () => {
    await setup();
    h.sim.control.addFault({ kind: "reject-next-order", reason: "No way" });
    const result = await h.broker.orders.place(order({ orderType: "MKT" }), aapl);
    expect(result).toMatchObject({ rejected: true, errors: ["Order rejected - reason:No way"] });
    expect(result.orderStatus.status).toBe("REJECTED");
  });

  it("places a bracket as three linked orders", async () => {
    await setup();
    const spec = order({
      orderType: "BRACKET",
      limitPrice: 249,
      takeProfitPrice: 260,
      stopLossPrice: 240,
      clientOrderId: "br-1",
    });
    const result = await h.broker.orders.place(spec, aapl);
    expect(result.rejected).toBe(false);
    expect(result.orderIds).toHaveLength(3);
    expect(result.orderRoles).toEqual({
      entry: result.orderIds[0],
      take_profit: result.orderIds[1],
      stop_loss: result.orderIds[2],
    });
    const sim = h.sim.control.state().orders;
    const entry = sim.find((o) => o.orderRef === "br-1");
    const children = sim.filter((o) => o.parentId === entry?.orderId);
    expect(children.map((c) => c.orderType).sort()).toEqual(["LMT", "STP"]);
    expect(new Set(children.map((c) => c.ocaGroup)).size).toBe(1);
    expect(children[0]?.ocaGroup).toMatch(/^bracket_\d+_\d{17}$/);
  });

  it("rolls a bracket back when a leg is rejected", async () => {
    await setup();
    h.sim.control.addFault({ kind: "reject-next-order" });
    const spec = order({ orderType: "BRACKET", limitPrice: 249, takeProfitPrice: 260, stopLossPrice: 240 });
    const result = await h.broker.orders.place(spec, aapl);
    expect(result.rejected).toBe(true);
    expect(result.errors[0]).toMatch(/^Order rejected - reason:/);
    await expect(h.broker.orders.openOrders()).resolves.toEqual([]);
  });

  it("finds an already placed order by its clientOrderId", async () => {
    await setup();
    const placed = await h.broker.orders.place(
      order({ orderType: "LMT", limitPrice: 240, clientOrderId: "retry-1" }),
      aapl,
    );
    expect(await h.broker.orders.findByOrderRef("retry-1")).toMatchObject({ orderId: placed.orderId });
    const other = h.newBroker();
    other.start();
    await other.connection.waitUntilReady(5000);
    expect(await other.orders.findByOrderRef("retry-1")).toMatchObject({
      orderId: placed.orderId,
      clientOrderId: "retry-1",
    });
    expect(await other.orders.findByOrderRef("never-used")).toBeNull();
  });

  it("cancels a working order and reports every cancel outcome", async () => {
    await setup();
    const resting = await h.broker.orders.place(order({ orderType: "LMT", limitPrice: 240 }), aapl);
    expect(await h.broker.orders.cancel(resting.orderId)).toEqual({
      orderId: resting.orderId,
      status: "CANCELLED",
      message: "Order cancelled (IBKR status: Cancelled)",
    });
    expect(await h.broker.orders.cancel(resting.orderId)).toMatchObject({
      status: "CANCELLED",
      message: "Order was already cancelled",
    });
    const filled = await h.broker.orders.place(order({ orderType: "MKT" }), aapl);
    expect(await h.broker.orders.cancel(filled.orderId)).toMatchObject({ status: "ALREADY_FILLED" });
    expect(await h.broker.orders.cancel("ord_99999")).toEqual({
      orderId: "ord_99999",
      status: "NOT_FOUND",
      message: "Order ord_99999 not found in registry or open trades",
    });
    const other = h.newBroker();
    other.start();
    await other.connection.waitUntilReady(5000);
    const foreign = await h.broker.orders.place(order({ orderType: "LMT", limitPrice: 241 }), aapl);
    expect(await other.orders.cancel(foreign.orderId)).toMatchObject({
      status: "REJECTED",
      message: expect.stringContaining("was placed by API client"),
    });
  });
});
