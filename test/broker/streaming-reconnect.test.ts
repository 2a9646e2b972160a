// Streaming lines across outages: a new socket or notice 1101 re-requests every line
// with subscribers under a new id, 1102 keeps it, and a line left while the socket was down is never re-requested.
// A relay between broker and simulator records the market-data ids the broker writes.
import { afterEach, describe, expect, it } from "vitest";
import type { Broker, ConnectionEvent, ConnectionStatus, ResyncReport } from "../../src/broker/index.js";
import { eventually, waitFor, type Harness } from "./support/harness.js";
import { barrier, Feed, settledHarness, startWireTap, type WireTap } from "./support/streaming.js";

const aapl = { symbol: "AAPL", securityType: "STK" } as const;
const AAPL_CON_ID = 265598;

describe("streaming quotes across outages", () => {
  let h: Harness;
  let tap: WireTap | undefined;
  afterEach(async () => {
    await h?.close();
    await tap?.close();
    tap = undefined;
  });

  const lines = () => h.sim.control.stats().subscriptions;
  const requests = () => (tap?.writes ?? []).filter((w) => w.kind === "request").map((w) => w.reqId);
  const cancels = () => (tap?.writes ?? []).filter((w) => w.kind === "cancel");
  const resync = (broker: Broker, predicate: (r: ResyncReport) => boolean) =>
    waitFor((l: (r: ResyncReport) => void) => broker.onResync(l), predicate);

  /** The only client of the simulator, connected through the relay, its first resync over. */
  async function tappedBroker(): Promise<Broker> {
    h = await settledHarness();
    h.broker.stop();
    tap = await startWireTap(h.sim);
    const broker = h.newBroker({ port: tap.port });
    const resynced = resync(broker, () => true);
    broker.start();
    await resynced;
    await barrier(broker);
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.1, last: 250.05 });
    return broker;
  }

  async function streaming(broker: Broker): Promise<Feed> {
    const feed = new Feed();
    await broker.marketData.subscribe(aapl, feed.listener);
    await feed.next((q) => q.last === 250.05);
    return feed;
  }

  async function pricesFlow(broker: Broker, feed: Feed, last: number): Promise<void> {
    const from = feed.quotes.length;
    h.sim.control.setPrices({ symbol: "AAPL", bid: last - 0.05, ask: last + 0.05, last });
    await feed.next((q) => q.last === last, from);
    expect(broker.marketData.latestQuote(AAPL_CON_ID)).toMatchObject({ last });
  }

  it("re-requests the line under a new id on the new socket after the connection dropped", async () => {
    const broker = await tappedBroker();
    const feed = await streaming(broker);
    const reconnected = resync(broker, (r) => r.reason === "reconnected");
    h.sim.control.addFault({ kind: "drop-connections" });
    await reconnected;
    await pricesFlow(broker, feed, 260);
    const [first, second, ...more] = requests();
    expect(more).toEqual([]);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(cancels()).toEqual([]);
    await barrier(broker);
    expect(lines()).toBe(1);
    expect(broker.marketData.streams()).toEqual([{ conId: AAPL_CON_ID, symbol: "AAPL", subscribers: 1, live: true }]);
  });

  it("re-requests the line under a new id after 1101 (data lost) and is not live while connectivity is lost", async () => {
    const broker = await tappedBroker();
    const feed = await streaming(broker);
    h.sim.control.addFault({ kind: "connectivity-lost" });
    await waitFor(
      (l: (s: ConnectionStatus) => void) => broker.connection.onStateChange(l),
      (s) => s.state === "connectivity-lost",
    );
    expect(broker.marketData.latestQuote(AAPL_CON_ID)).toBeNull();
    expect(broker.marketData.streams()).toMatchObject([{ subscribers: 1, live: false }]);
    const restored = resync(broker, (r) => r.reason === "restored" && r.dataLost);
    h.sim.control.addFault({ kind: "connectivity-restored", dataLost: true });
    await restored;
    await pricesFlow(broker, feed, 261);
    const ids = requests();
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(cancels()).toEqual([]);
    await barrier(broker);
    expect(lines()).toBe(1);
  });

  it("keeps the line after 1102 (data maintained)", async () => {
    const broker = await tappedBroker();
    const feed = await streaming(broker);
    h.sim.control.addFault({ kind: "connectivity-lost" });
    const restored = resync(broker, (r) => r.reason === "restored" && !r.dataLost);
    h.sim.control.addFault({ kind: "connectivity-restored", dataLost: false });
    await restored;
    await pricesFlow(broker, feed, 262);
    expect(requests()).toHaveLength(1);
    await barrier(broker);
    expect(lines()).toBe(1);
  });

  it("never re-requests a line whose last subscriber left while the socket was down", async () => {
    const broker = await tappedBroker();
    const sub = await broker.marketData.subscribe(aapl, () => undefined);
    await eventually(() => lines() === 1);
    const left = waitFor(
      (l: (e: ConnectionEvent) => void) => broker.connection.onConnectionEvent(l),
      (e) => e.type === "lost",
    ).then(() => {
      sub.unsubscribe();
      sub.unsubscribe();
    });
    const reconnected = resync(broker, (r) => r.reason === "reconnected");
    h.sim.control.addFault({ kind: "drop-connections" });
    await left;
    await reconnected;
    await barrier(broker);
    expect(requests()).toHaveLength(1);
    expect(cancels()).toEqual([]);
    expect(broker.marketData.streams()).toEqual([]);
    expect(lines()).toBe(0);
  });
});
