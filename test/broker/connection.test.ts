// Connection state machine against the simulator over TCP: readiness, fail fast, connect errors,
// reconnect after a dropped socket, 1100/1101/1102, and no replay of an order refused during an outage.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Broker, ContractCache, type ConnectionEvent, type ConnectionStatus } from "../../src/broker/index.js";
import { startHarness, waitFor, type Harness } from "./support/harness.js";

const aapl = { symbol: "AAPL", securityType: "STK" } as const;
const marketBuy = {
  instrument: aapl,
  side: "BUY",
  quantity: 1,
  orderType: "MKT",
  tif: "DAY",
  outsideRth: false,
  transmit: true,
  bracketTransmit: true,
} as const;

function states(broker: Broker) {
  return (listener: (s: ConnectionStatus) => void) => broker.connection.onStateChange(listener);
}
function connectionEvents(broker: Broker) {
  return (listener: (e: ConnectionEvent) => void) => broker.connection.onConnectionEvent(listener);
}

/** A port nobody listens on: bind, note the port, close. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

describe("connection", () => {
  let h: Harness | undefined;
  const extra: Broker[] = [];
  afterEach(async () => {
    for (const b of extra.splice(0)) b.stop();
    await h?.close();
    h = undefined;
  });

  it("is ready with the managed accounts and answers server time", async () => {
    h = await startHarness();
    const status = h.broker.connection.status();
    expect(status).toMatchObject({ state: "ready", reconnects: 0, lastError: null });
    expect(h.broker.connection.managedAccounts).toEqual(["DU1234567"]);
    expect(h.broker.connection.defaultAccount).toBe("DU1234567");
    expect(await h.broker.connection.serverTime()).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("fails fast while not connected and names the refused target", async () => {
    const port = await freePort();
    const broker = new Broker({
      host: "127.0.0.1",
      port,
      clientId: 1,
      backoffMs: () => 60_000,
      contractCache: new ContractCache(),
    });
    extra.push(broker);
    await expect(broker.marketData.quote(aapl)).rejects.toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
      message: `IBKR connection failed: not connected to IB Gateway at 127.0.0.1:${port} (state: disconnected)`,
    });
    broker.start();
    await waitFor(states(broker), (s) => s.lastError !== null);
    await expect(broker.connection.waitUntilReady(10)).rejects.toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
      message: `IBKR connection failed: Connection refused at 127.0.0.1:${port}. Is IBKR Gateway/TWS running?`,
    });
    expect(broker.connection.status().lastError).toBe(
      `Connection refused at 127.0.0.1:${port}. Is IBKR Gateway/TWS running?`,
    );
    expect(await broker.connection.serverTime()).toBeNull();
  });

  it("reports a client id already in use and keeps trying", async () => {
    h = await startHarness({ clientId: 4242 });
    const twin = h.newBroker({ clientId: 4242 });
    twin.start();
    await waitFor(states(twin), (s) => s.lastError !== null);
    await expect(twin.connection.waitUntilReady(10)).rejects.toMatchObject({
      message: `IBKR connection failed: Client id 4242 is already in use at ${h.sim.host}:${h.sim.port}`,
    });
    h.broker.stop();
    await twin.connection.waitUntilReady(5000);
    expect(twin.connection.state).toBe("ready");
  });

  it("reconnects after the socket drops and counts the reconnect", async () => {
    h = await startHarness();
    const lost = waitFor(connectionEvents(h.broker), (e) => e.type === "lost");
    const back = waitFor(connectionEvents(h.broker), (e) => e.type === "connected");
    h.sim.control.addFault({ kind: "drop-connections" });
    await lost;
    expect(await back).toEqual({ type: "connected", reconnect: true });
    expect(h.broker.connection.status()).toMatchObject({ state: "ready", reconnects: 1 });
    const quote = await h.broker.marketData.quote(aapl);
    expect(quote.bid).toBeGreaterThan(0);
  });

  it("follows 1100 / 1102 / 1101: trading and quotes refused while connectivity is lost", async () => {
    h = await startHarness();
    const contract = await h.broker.contracts.resolve(aapl);
    const lost = waitFor(states(h.broker), (s) => s.state === "connectivity-lost");
    h.sim.control.addFault({ kind: "connectivity-lost" });
    await lost;
    await expect(h.broker.marketData.quote(aapl)).rejects.toMatchObject({ code: "IBKR_CONNECTION_ERROR", status: 503 });
    await expect(h.broker.orders.place(marketBuy, contract)).rejects.toMatchObject({
      message: expect.stringContaining("(state: connectivity-lost)"),
    });
    const kept = waitFor(connectionEvents(h.broker), (e) => e.type === "restored");
    h.sim.control.addFault({ kind: "connectivity-restored" });
    expect(await kept).toEqual({ type: "restored", dataLost: false });
    expect(h.broker.connection.state).toBe("ready");
    h.sim.control.addFault({ kind: "connectivity-lost" });
    await waitFor(states(h.broker), (s) => s.state === "connectivity-lost");
    const dataLost = waitFor(connectionEvents(h.broker), (e) => e.type === "restored");
    h.sim.control.addFault({ kind: "connectivity-restored", dataLost: true });
    expect(await dataLost).toEqual({ type: "restored", dataLost: true });
    expect((await h.broker.marketData.quote(aapl)).last).toBeGreaterThan(0);
    expect(h.sim.control.state().orders).toHaveLength(0);
  });

  it("refuses an order during an outage and never sends it after the reconnect", async () => {
    h = await startHarness({ backoffMs: () => 300 });
    const contract = await h.broker.contracts.resolve(aapl);
    const lost = waitFor(connectionEvents(h.broker), (e) => e.type === "lost");
    h.sim.control.addFault({ kind: "drop-connections" });
    await lost;
    await expect(h.broker.orders.place({ ...marketBuy, clientOrderId: "outage-1" }, contract)).rejects.toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
    });
    await waitFor(connectionEvents(h.broker), (e) => e.type === "connected");
    // Open orders is a full round trip after the reconnect: anything queued earlier would have arrived first.
    await h.broker.orders.openOrders();
    expect(h.sim.control.state().orders.filter((o) => o.orderRef === "outage-1")).toEqual([]);
  });
});
