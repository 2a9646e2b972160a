// Faults users fear most, as a client sees them through @stoqey/ib's IBApi at server versions 178 and 193: farm
// notices on demand, an order id refused as in use (103), and a nightly restart that refuses connections for a while
// and comes back with a lower next valid id.

import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, TimeInForce, type Order } from "@stoqey/ib";
import type { RunningSimulator } from "../../src/sim/index.js";
import { AAPL, VERSIONS, useSimulator } from "./support/harness.js";

const LMT: Order = {
  action: OrderAction.BUY,
  totalQuantity: 5,
  orderType: OrderType.LMT,
  lmtPrice: 1,
  tif: TimeInForce.DAY,
  transmit: true,
};

/** Resolves with "refused" or "accepted" for one TCP connection attempt. */
function tryConnect(port: number): Promise<"refused" | "accepted"> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve("accepted");
    });
    socket.once("error", () => resolve("refused"));
  });
}

/** Waits (up to 5 s) for the simulator to listen again: one connection attempt after another. */
async function listeningAgain(sim: RunningSimulator): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if ((await tryConnect(sim.port)) === "accepted") return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the simulator did not listen again within 5 s");
}

describe.each(VERSIONS)("session faults at server version %i", (version) => {
  const harness = useSimulator();

  it("sends farm notices 2103–2158 to every client on demand, naming the default or the given farm", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const [first, second] = [await harness.connect(sim, 1), await harness.connect(sim, 2)];
    const since = [first.mark(), second.mark()];
    for (const code of [2103, 2104, 2105, 2106, 2157, 2158]) sim.control.addFault({ kind: "farm-notice", code });
    sim.control.addFault({ kind: "farm-notice", code: 2103, farm: "eufarm" });
    await second.barrier();
    const notices = (i: number) =>
      [first, second][i]
        ?.all(EventName.info, () => true, since[i])
        .map(([message, code]) => `${code as number} ${message as string}`);
    const expected = [
      "2103 Market data farm connection is broken:usfarm",
      "2104 Market data farm connection is OK:usfarm",
      "2105 HMDS data farm connection is broken:ushmds",
      "2106 HMDS data farm connection is OK:ushmds",
      "2157 Sec-def data farm connection is broken:secdefnj",
      "2158 Sec-def data farm connection is OK:secdefnj",
      "2103 Market data farm connection is broken:eufarm",
    ];
    await first.barrier();
    expect(notices(0)).toEqual(expected);
    expect(notices(1)).toEqual(expected);
    expect(() => sim.control.addFault({ kind: "farm-notice", code: 2110 })).toThrow(/code must be one of/);
  });

  it("order-id-in-use refuses the next new order with 103 and places nothing; the id stays used", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    expect(sim.control.addFault({ kind: "order-id-in-use" })).toEqual([{ kind: "order-id-in-use" }]);
    client.api.placeOrder(1, AAPL, LMT);
    const [, , message] = await client.waitForError(103, 1);
    expect(message).toBe("Duplicate order id");
    await client.barrier();
    expect(client.all(EventName.openOrder)).toEqual([]);
    expect(sim.control.state()).toMatchObject({ orders: [], faults: [] });
    client.api.placeOrder(2, AAPL, LMT);
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 2 && s === "Submitted");
    const since = client.mark();
    client.api.placeOrder(1, AAPL, LMT);
    await client.waitForError(103, 1, since);
  });

  it("a nightly restart drops everyone, refuses connections, and comes back with a lower next valid id", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.02 });
    const client = await harness.connect(sim, 4);
    client.api.placeOrder(1, AAPL, { ...LMT, orderType: OrderType.MKT });
    client.api.placeOrder(2, AAPL, LMT);
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 2 && s === "Submitted");
    sim.control.addFault({ kind: "nightly-restart", seconds: 600 });
    await client.waitFor(EventName.disconnected);
    expect(await tryConnect(sim.port)).toBe("refused");
    expect(sim.control.state().faults).toEqual([{ kind: "nightly-restart", seconds: 600, nextValidId: 1 }]);
    sim.control.addFault({ kind: "clear" });
    await listeningAgain(sim);
    const again = await harness.connect(sim, 4);
    expect(again.all(EventName.nextValidId)).toEqual([[1]]);
    // Trusting the lower id touches the orders already carrying it: 104 for the filled one, a modification of the
    // working one.
    again.api.placeOrder(1, AAPL, LMT);
    await again.waitForError(104, 1);
    again.api.placeOrder(2, AAPL, { ...LMT, lmtPrice: 2 });
    await again.waitFor(EventName.openOrder, (id: number, _c: unknown, o: Order) => id === 2 && o.lmtPrice === 2);
    expect(sim.control.state().orders.map((o) => [o.orderId, o.status])).toEqual([
      [1, "Filled"],
      [2, "Submitted"],
    ]);
  });

  it("a nightly restart ends by itself after its seconds", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim, 4);
    sim.control.addFault({ kind: "nightly-restart", seconds: 0.05, nextValidId: 7 });
    await client.waitFor(EventName.disconnected);
    await listeningAgain(sim);
    const again = await harness.connect(sim, 4);
    expect(again.all(EventName.nextValidId)).toEqual([[7]]);
    expect(sim.control.state().faults).toEqual([]);
  });
});
