// reqCompletedOrders through @stoqey/ib's IBApi at server versions 178 and 193: the filled and cancelled orders of
// every client, in the COMPLETED_ORDER layout, with what a restarted client needs to reconcile them (orderRef, permId,
// status, filled quantity), then the end marker.

import { describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, TimeInForce, type Contract, type Order, type OrderState } from "@stoqey/ib";
import type { TestClient } from "./support/client.js";
import { AAPL, ACCOUNT, MSFT, VERSIONS, useSimulator } from "./support/harness.js";

const NOW = Date.UTC(2025, 5, 4, 15, 0, 5);

function order(fields: Order): Order {
  return { transmit: true, tif: TimeInForce.DAY, ...fields };
}

function statusOf(client: TestClient, orderId: number, wanted: string) {
  return client.waitFor(EventName.orderStatus, (id: number, s: string) => id === orderId && s === wanted);
}

async function completedOrders(client: TestClient): Promise<[Contract, Order, OrderState][]> {
  const since = client.mark();
  client.api.reqCompletedOrders(false);
  await client.waitFor(EventName.completedOrdersEnd, () => true, since);
  return client.all(EventName.completedOrder, () => true, since) as [Contract, Order, OrderState][];
}

describe.each(VERSIONS)("completed orders at server version %i", (version) => {
  const harness = useSimulator();

  it("lists filled and cancelled orders of every client, not working ones, after a reconnect", async () => {
    const sim = await harness.start({ maxServerVersion: version, clock: { now: () => NOW } });
    sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.02 });
    sim.control.setPrices({ symbol: "MSFT", bid: 400, ask: 400.04 });
    const first = await harness.connect(sim, 7);
    const buy = { action: OrderAction.BUY, totalQuantity: 10 };
    first.api.placeOrder(1, AAPL, order({ ...buy, orderType: OrderType.MKT, orderRef: "filled-1" }));
    first.api.placeOrder(2, AAPL, order({ ...buy, orderType: OrderType.LMT, lmtPrice: 240, orderRef: "part-2" }));
    first.api.placeOrder(3, AAPL, order({ ...buy, orderType: OrderType.LMT, lmtPrice: 241, orderRef: "rest-3" }));
    await Promise.all([statusOf(first, 1, "Filled"), statusOf(first, 3, "Submitted")]);
    const partPermId = sim.control.state().orders.find((o) => o.orderRef === "part-2")?.permId ?? 0;
    sim.control.fill({ permId: partPermId, quantity: 4, price: 239.5 });
    first.api.cancelOrder(2);
    await statusOf(first, 2, "Cancelled");
    const other = await harness.connect(sim, 8);
    other.api.placeOrder(1, MSFT, order({ action: OrderAction.SELL, totalQuantity: 3, orderType: OrderType.MKT }));
    await statusOf(other, 1, "Filled");
    first.disconnect();
    const restarted = await harness.connect(sim, 7);

    const completed = await completedOrders(restarted);

    const permIds = Object.fromEntries(sim.control.state().orders.map((o) => [o.orderRef, o.permId]));
    expect(completed.map(([c, o, s]) => [c.symbol, o.orderRef, o.permId, s.status, o.filledQuantity])).toEqual([
      ["AAPL", "filled-1", permIds["filled-1"], "Filled", 10],
      ["AAPL", "part-2", partPermId, "Cancelled", 4],
      ["MSFT", "", permIds[""], "Filled", 3],
    ]);
    const [contract, placed, state] = completed[1] ?? [];
    expect(contract).toMatchObject({ conId: 265598, secType: "STK", exchange: "SMART", currency: "USD" });
    expect(placed).toMatchObject({
      action: "BUY",
      totalQuantity: 10,
      orderType: "LMT",
      lmtPrice: 240,
      tif: "DAY",
      account: ACCOUNT,
      parentPermId: 0,
    });
    expect(state).toMatchObject({ completedTime: "20250604 11:00:05 America/New_York", completedStatus: "Cancelled" });
  });

  it("answers only the end marker when no order has completed", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.placeOrder(
      1,
      AAPL,
      order({ action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 1 }),
    );
    await statusOf(client, 1, "Submitted");
    expect(await completedOrders(client)).toEqual([]);
  });
});
