// Order faults an order-integrity layer must survive, as a client sees them through @stoqey/ib's IBApi at server
// versions 178 and 193: a warning before a normally worked order, and a connection dropped right after an order
// was received (the order exists and fills; its owner never heard of it).

import { describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, TimeInForce, type Order } from "@stoqey/ib";
import type { TestClient } from "./support/client.js";
import { AAPL, VERSIONS, useSimulator } from "./support/harness.js";

const MKT: Order = {
  action: OrderAction.BUY,
  totalQuantity: 5,
  orderType: OrderType.MKT,
  tif: TimeInForce.DAY,
  transmit: true,
};

/** Event names of one order (error, openOrder, orderStatus) in arrival order, e.g. `error:404`, `status:Filled`. */
function story(client: TestClient, orderId: number): string[] {
  return client.events.flatMap((e) => {
    if (e.name === "error" && e.args[1] === orderId) return [`error:${e.args[0] as number}`];
    if (e.name === EventName.openOrder && e.args[0] === orderId) return ["open"];
    if (e.name === EventName.orderStatus && e.args[0] === orderId) return [`status:${e.args[1] as string}`];
    return [];
  });
}

describe.each(VERSIONS)("order faults at server version %i", (version) => {
  const harness = useSimulator();

  it("order-warning sends 404 for the next new order, which is then worked as usual", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.02 });
    const client = await harness.connect(sim);
    expect(sim.control.addFault({ kind: "order-warning" })).toEqual([
      { kind: "order-warning", code: 404, message: "Order held while securities are located." },
    ]);
    client.api.placeOrder(1, AAPL, MKT);
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled");
    expect(story(client, 1)).toEqual(["error:404", "open", "status:PreSubmitted", "open", "status:Filled"]);
    expect(client.errors.find((e) => e.reqId === 1)?.message).toContain("Order held while securities are located.");
    expect(sim.control.state().faults).toEqual([]);
    client.api.placeOrder(2, AAPL, MKT);
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 2 && s === "Filled");
    expect(story(client, 2)).not.toContain("error:404");
  });

  it("order-warning takes a code and a text and leaves modifications alone", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    const resting = { ...MKT, orderType: OrderType.LMT, lmtPrice: 1 };
    client.api.placeOrder(1, AAPL, resting);
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Submitted");
    sim.control.addFault({ kind: "order-warning", code: 399, message: "Order message: warning" });
    client.api.placeOrder(1, AAPL, { ...resting, lmtPrice: 2 });
    client.api.placeOrder(2, AAPL, resting);
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 2 && s === "Submitted");
    expect(story(client, 1)).not.toContain("error:399");
    expect(story(client, 2)).toEqual(["error:399", "open", "status:PreSubmitted", "open", "status:Submitted"]);
  });

  it("drop-after-next-order closes the sender's connection before any report; the order still fills", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.02 });
    const client = await harness.connect(sim, 5);
    const bystander = await harness.connect(sim, 6);
    sim.control.addFault({ kind: "drop-after-next-order" });
    client.api.placeOrder(1, AAPL, { ...MKT, orderRef: "lost-1" });
    await client.waitFor(EventName.disconnected);
    expect(story(client, 1)).toEqual([]);
    expect(sim.control.state().orders).toMatchObject([
      { orderRef: "lost-1", clientId: 5, status: "Filled", filled: 5 },
    ]);
    expect(sim.control.state().faults).toEqual([]);
    await bystander.barrier();
    const again = await harness.connect(sim, 5);
    const since = again.mark();
    again.api.reqCompletedOrders(false);
    const [, placed] = await again.waitFor(EventName.completedOrder, () => true, since);
    expect(placed).toMatchObject({ orderRef: "lost-1", filledQuantity: 5 });
  });
});
