// The resync on every transition to ready: open orders rebuilt from the broker, executions
// missed while away recovered as fills, positions reloaded; after a first connect, a new socket and a 1101 restore.
import { afterEach, describe, expect, it } from "vitest";
import type { Broker, ConnectionStatus, FillEvent, ResyncReport } from "../../src/broker/index.js";
import { OrderSpec } from "../../src/domain/index.js";
import { startHarness, waitFor, type Harness } from "./support/harness.js";

const aapl = { symbol: "AAPL", securityType: "STK" } as const;
const restingBuy = OrderSpec.parse({ instrument: aapl, side: "BUY", quantity: 5, orderType: "LMT", limitPrice: 245 });

const resyncs = (broker: Broker) => (listener: (r: ResyncReport) => void) => broker.onResync(listener);
const states = (broker: Broker) => (listener: (s: ConnectionStatus) => void) =>
  broker.connection.onStateChange(listener);

describe("resync after connect", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("reports the initial positions and no recovered fills after the first connect", async () => {
    h = await startHarness();
    const broker = h.newBroker();
    const report = waitFor(resyncs(broker));
    broker.start();
    expect(await report).toMatchObject({ reason: "connected", dataLost: false, openOrders: 0, recoveredFills: 0 });
    const positions = (await report).positions;
    expect(positions.find((p) => p.symbol === "AAPL")).toEqual({
      accountId: "DU1234567",
      symbol: "AAPL",
      conId: 265598,
      quantity: 100,
      avgPrice: 240,
    });
    expect(positions.find((p) => p.symbol.startsWith("MES"))).toMatchObject({ quantity: 1, avgPrice: 5950 });
  });

  it("resyncs after 1101 (connectivity restored, data lost) and is ready again", async () => {
    h = await startHarness();
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.1, last: 250.05 });
    const contract = await h.broker.contracts.resolve(aapl);
    await h.broker.orders.place(restingBuy, contract);
    h.sim.control.addFault({ kind: "connectivity-lost" });
    await waitFor(states(h.broker), (s) => s.state === "connectivity-lost");
    const report = waitFor(resyncs(h.broker), (r) => r.reason === "restored");
    h.sim.control.addFault({ kind: "connectivity-restored", dataLost: true });
    expect(await report).toMatchObject({ reason: "restored", dataLost: true, openOrders: 1, recoveredFills: 0 });
    expect(h.broker.connection.state).toBe("ready");
    expect((await h.broker.marketData.quote(aapl)).bid).toBe(250);
  });

  it("recovers a fill made while the socket was down, once, and counts it in the report", async () => {
    h = await startHarness({ backoffMs: () => 200 });
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.1, last: 250.05 });
    const contract = await h.broker.contracts.resolve(aapl);
    const placed = await h.broker.orders.place(restingBuy, contract);
    const fills: FillEvent[] = [];
    h.broker.onFill((fill) => fills.push(fill));
    const recovered = waitFor((l: (f: FillEvent) => void) => h.broker.onFill(l));
    const report = waitFor(resyncs(h.broker), (r) => r.reason === "reconnected");
    await new Promise<void>((resolve) => {
      const off = h.broker.connection.onConnectionEvent((e) => {
        if (e.type !== "lost") return;
        off();
        h.sim.control.setPrices({ symbol: "AAPL", bid: 244.9, ask: 245, last: 244.95 });
        resolve();
      });
      h.sim.control.addFault({ kind: "drop-connections" });
    });
    expect(await report).toMatchObject({ openOrders: 0, recoveredFills: 1 });
    expect((await report).positions.find((p) => p.symbol === "AAPL")?.quantity).toBe(105);
    expect(await recovered).toMatchObject({ quantity: 5, price: 245, side: "BUY" });
    // A second resync sees the same execution again and reports nothing new.
    expect(await h.broker.orders.resync()).toEqual({ openOrders: 0, recoveredFills: 0 });
    expect(fills).toHaveLength(1);
    expect(await h.broker.orders.status(placed.orderId)).toMatchObject({ status: "FILLED", filledQuantity: 5 });
  });
});
