// Shared streaming quotes against the simulator over TCP: one broker line per contract with a reference count,
// the snapshot's source labels, classified broker errors for every subscriber, fail-fast and idempotent leaving.
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectionStatus } from "../../src/broker/index.js";
import type { Quote } from "../../src/domain/index.js";
import { waitFor, type Harness } from "./support/harness.js";
import { barrier, Feed, settledHarness } from "./support/streaming.js";

const aapl = { symbol: "AAPL", securityType: "STK" } as const;

describe("streaming quotes", () => {
  let h: Harness;
  afterEach(async () => h?.close());
  const lines = () => h.sim.control.stats().subscriptions;

  it("shares one line between subscribers and cancels it when the last one leaves", async () => {
    h = await settledHarness();
    const baseline = lines();
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250.1, ask: 250.2, last: 250.15 });
    const [a, b] = [new Feed(), new Feed()];
    const subA = await h.broker.marketData.subscribe(aapl, a.listener);
    const first = await a.next();
    expect(first).toMatchObject({ symbol: "AAPL", conId: 265598, bid: 250.1, ask: 250.2, last: 250.15 });
    expect(first).toMatchObject({ bidSize: 100, askSize: 100, lastSize: 50, source: "IBKR_SNAPSHOT" });
    const subB = await h.broker.marketData.subscribe(aapl, b.listener);
    expect(subB.latest()).toEqual(first);
    expect(lines()).toBe(baseline + 1);
    expect(h.broker.marketData.streams()).toEqual([{ conId: 265598, symbol: "AAPL", subscribers: 2, live: true }]);

    h.sim.control.setPrices({ symbol: "AAPL", bid: 251, ask: 251.1, last: 251.05 });
    const moved = (q: Quote) => q.bid === 251 && q.ask === 251.1 && q.last === 251.05;
    await Promise.all([a.next(moved), b.next(moved)]);
    expect(h.broker.marketData.latestQuote(265598)).toMatchObject({ bid: 251, last: 251.05 });

    subA.unsubscribe();
    await barrier(h.broker);
    expect(lines()).toBe(baseline + 1);
    const seenByA = a.quotes.length;
    h.sim.control.setPrices({ symbol: "AAPL", bid: 252, ask: 252.1, last: 252.05 });
    await b.next((q) => q.last === 252.05);
    expect(a.quotes).toHaveLength(seenByA);

    subB.unsubscribe();
    await barrier(h.broker);
    expect(lines()).toBe(baseline);
    expect(h.broker.marketData.streams()).toEqual([]);
    expect(h.broker.marketData.latestQuote(265598)).toBeNull();
    expect(subB.latest()).toMatchObject({ last: 252.05 });
  });

  it("shows a side with no market as 0 once the broker withdraws it", async () => {
    h = await settledHarness();
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250.1, ask: 250.2, last: 250.15 });
    const feed = new Feed();
    const sub = await h.broker.marketData.subscribe(aapl, feed.listener);
    await feed.next((q) => q.bid === 250.1);
    h.sim.control.setPrices({ symbol: "AAPL", bid: 0, ask: 250.2, last: 250.1 });
    const closed = await feed.next((q) => q.bid === 0);
    expect(closed).toMatchObject({ bid: 0, bidSize: 0, ask: 250.2 });
    sub.unsubscribe();
  });

  it("gives every subscriber the 403 of a line without permission and closes it", async () => {
    h = await settledHarness();
    const baseline = lines();
    await h.broker.contracts.resolve(aapl);
    h.sim.control.addFault({ kind: "no-permission", symbol: "AAPL" });
    const [a, b] = [new Feed(), new Feed()];
    const errors = Promise.all([a.error(), b.error()]);
    const subs = await Promise.all([
      h.broker.marketData.subscribe(aapl, a.listener, { onError: a.onError }),
      h.broker.marketData.subscribe(aapl, b.listener, { onError: b.onError }),
    ]);
    for (const error of await errors) {
      expect(error).toMatchObject({
        code: "MARKET_DATA_PERMISSION_DENIED",
        status: 403,
        message: expect.stringMatching(/^Market data permission denied: \[354\] /),
      });
    }
    expect(h.broker.marketData.streams()).toEqual([]);
    for (const sub of subs) expect(() => sub.unsubscribe()).not.toThrow();
    await barrier(h.broker);
    expect(lines()).toBe(baseline);
    expect(a.quotes).toEqual([]);
  });

  it("answers 400 for an unknown contract before opening any line", async () => {
    h = await settledHarness();
    const subscribing = h.broker.marketData.subscribe({ symbol: "NOPE123", securityType: "STK" }, () => undefined);
    await expect(subscribing).rejects.toMatchObject({ code: "CONTRACT_RESOLUTION_ERROR", status: 400 });
    expect(h.broker.marketData.streams()).toEqual([]);
  });

  it("labels delayed data IBKR_DELAYED", async () => {
    h = await settledHarness();
    h.sim.control.addFault({ kind: "delayed-only", symbol: "AAPL" });
    const feed = new Feed();
    await h.broker.marketData.subscribe(aapl, feed.listener);
    const quote = await feed.next((q) => q.last > 0);
    expect(quote.source).toBe("IBKR_DELAYED");
  });

  it("fails fast while not ready, without asking the broker", async () => {
    h = await settledHarness();
    const idle = h.newBroker();
    await expect(idle.marketData.subscribe(aapl, () => undefined)).rejects.toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
      message: expect.stringMatching(/not connected to IB Gateway at .*\(state: disconnected\)$/),
    });
    await h.broker.contracts.resolve(aapl);
    h.sim.control.addFault({ kind: "connectivity-lost" });
    await waitFor(
      (l: (s: ConnectionStatus) => void) => h.broker.connection.onStateChange(l),
      (s) => s.state === "connectivity-lost",
    );
    await expect(h.broker.marketData.subscribe(aapl, () => undefined)).rejects.toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
      message: expect.stringMatching(/\(state: connectivity-lost\)$/),
    });
    expect(h.broker.marketData.streams()).toEqual([]);
  });

  it("leaves idempotently, also after the adapter stopped", async () => {
    h = await settledHarness();
    const feed = new Feed();
    const sub = await h.broker.marketData.subscribe(aapl, feed.listener);
    await feed.next();
    h.broker.stop();
    expect(h.broker.marketData.latestQuote(265598)).toBeNull();
    expect(() => sub.unsubscribe()).not.toThrow();
    expect(() => sub.unsubscribe()).not.toThrow();
    expect(h.broker.marketData.streams()).toEqual([]);
  });

  it("unsubscribes when the caller's signal aborts", async () => {
    h = await settledHarness();
    const baseline = lines();
    const controller = new AbortController();
    const feed = new Feed();
    await h.broker.marketData.subscribe(aapl, feed.listener, { signal: controller.signal });
    await feed.next();
    controller.abort();
    await barrier(h.broker);
    expect(lines()).toBe(baseline);
    expect(h.broker.marketData.streams()).toEqual([]);
  });
});
