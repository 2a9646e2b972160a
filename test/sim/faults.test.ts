// Conformance of the simulated faults as a client sees them, through @stoqey/ib's IBApi at server
// versions 178 and 193: connectivity notices, dropped connections, delayed replies, clear and reset.

import { describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType } from "@stoqey/ib";
import { AAPL, VERSIONS, useSimulator } from "./support/harness.js";

const BID = 1;

describe.each(VERSIONS)("faults at server version %i", (version) => {
  const harness = useSimulator();

  it("connectivity lost (1100) pauses streams and order working; restored (1102) resumes both", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMktData(11, AAPL, "", false, false);
    await client.waitFor(EventName.tickPrice, (id: number) => id === 11);
    sim.control.addFault({ kind: "connectivity-lost" });
    await client.waitFor(EventName.info, (_m: string, code: number) => code === 1100);
    const since = client.mark();
    sim.control.setPrices({ symbol: "AAPL", bid: 200, ask: 200.02 });
    client.api.placeOrder(1, AAPL, {
      action: OrderAction.BUY,
      totalQuantity: 1,
      orderType: OrderType.MKT,
      transmit: true,
    });
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "PreSubmitted");
    await client.barrier();
    expect(client.all(EventName.tickPrice, (id: number) => id === 11, since)).toEqual([]);
    expect(client.all(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled")).toEqual([]);
    sim.control.addFault({ kind: "connectivity-restored" });
    await client.waitFor(EventName.info, (_m: string, code: number) => code === 1102);
    await client.waitFor(
      EventName.tickPrice,
      (id: number, f: number, v: number) => id === 11 && f === BID && v === 200,
      since,
    );
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled");
    expect(sim.control.state().faults).toEqual([]);
  });

  it("restored with dataLost sends 1101 and drops the market-data lines", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMktData(21, AAPL, "", false, false);
    await client.waitFor(EventName.tickPrice, (id: number) => id === 21);
    sim.control.addFault({ kind: "connectivity-lost" });
    sim.control.addFault({ kind: "connectivity-restored", dataLost: true });
    await client.waitFor(EventName.info, (_m: string, code: number) => code === 1101);
    expect(sim.control.stats().subscriptions).toBe(0);
  });

  it("drop-connections closes every client socket and frees the client ids", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim, 3);
    sim.control.addFault({ kind: "drop-connections" });
    await client.waitFor(EventName.disconnected);
    expect(sim.control.state().faults).toEqual([]);
    const again = await harness.connect(sim, 3);
    expect(again.all(EventName.nextValidId)).toEqual([[1]]);
  });

  it("delay-ms holds every reply back by the given time, and 0 clears it", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    expect(sim.control.addFault({ kind: "delay-ms", ms: 300 })).toEqual([{ kind: "delay-ms", ms: 300 }]);
    const started = Date.now();
    await client.barrier();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(sim.control.addFault({ kind: "delay-ms", ms: 0 })).toEqual([]);
  });

  it("clear removes every fault (an armed rejection too) and reset restores the initial account", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    const initial = sim.control.state();
    sim.control.addFault({ kind: "no-data", symbol: "AAPL" });
    sim.control.addFault({ kind: "pacing-violation" });
    expect(sim.control.addFault({ kind: "reject-next-order" })).toEqual([
      { kind: "no-data", symbol: "AAPL" },
      { kind: "pacing-violation" },
      { kind: "reject-next-order", reason: "Simulated rejection" },
    ]);
    expect(sim.control.addFault({ kind: "clear" })).toEqual([]);
    client.api.placeOrder(1, AAPL, {
      action: OrderAction.BUY,
      totalQuantity: 7,
      orderType: OrderType.MKT,
      transmit: true,
    });
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 1 && s === "Filled");
    expect(client.errors.filter((e) => e.reqId === 1)).toEqual([]);
    sim.control.addFault({ kind: "reject-next-order" });
    sim.control.setPrices({ symbol: "AAPL", last: 500 });
    sim.control.reset();
    const after = sim.control.state();
    expect([after.orders, after.positions, after.cash, after.prices.AAPL]).toEqual([
      initial.orders,
      initial.positions,
      initial.cash,
      initial.prices.AAPL,
    ]);
    expect(after.clients).toEqual([{ clientId: 1, serverVersion: version }]);
    expect(after.faults).toEqual([]);
    await client.barrier();
  });
});
