// How quotes reach the broker: a snapshot the broker
// ended is not cancelled (TWS answers that with error 300), one that did not end is, after the caller's answer; concurrent quotes waiting for the pacer share one snapshot request, and with held
// streaming lines turned on, warm quotes are answered from the line. The library's IBApi is observed, not replaced.
import { IBApi } from "@stoqey/ib";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { eventually, startHarness, type Harness } from "./support/harness.js";

const aapl = { symbol: "AAPL", securityType: "STK" } as const;
const stock = (symbol: string) => ({ symbol, securityType: "STK" }) as const;
const AAPL_CON_ID = 265598;

describe("quote paths", () => {
  let h: Harness | undefined;
  let reqMktData: MockInstance<IBApi["reqMktData"]>;
  let cancelMktData: MockInstance<IBApi["cancelMktData"]>;
  const snapshotRequests = () => reqMktData.mock.calls.filter((call) => call[3] === true);
  const streamingRequests = () => reqMktData.mock.calls.filter((call) => call[3] === false);
  const subscriptions = () => h?.sim.control.stats().subscriptions;

  beforeEach(() => {
    reqMktData = vi.spyOn(IBApi.prototype, "reqMktData");
    cancelMktData = vi.spyOn(IBApi.prototype, "cancelMktData");
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h?.close();
    h = undefined;
  });

  describe("snapshots (the default)", () => {
    it("sends one message per snapshot: a snapshot the broker ended is finished there and not cancelled", async () => {
      h = await startHarness();
      const quote = await h.broker.marketData.quote(aapl);
      expect(quote.conId).toBe(AAPL_CON_ID);
      expect(snapshotRequests()[0]?.[0]).toBeGreaterThanOrEqual(1_000_000);
      // A cancel would be sent after the answer: by the end of a second quote it would have gone out.
      await h.broker.marketData.quote(aapl);
      expect(snapshotRequests()).toHaveLength(2);
      expect(cancelMktData).not.toHaveBeenCalled();
      expect(streamingRequests()).toHaveLength(0);
      expect(h.broker.marketData.heldLines()).toEqual([]);
    });

    it("cancels a snapshot that did not end, after the caller has its answer", async () => {
      h = await startHarness();
      await h.broker.contracts.resolve(aapl);
      h.sim.control.addFault({ kind: "delay-ms", ms: 1000 });
      await expect(h.broker.marketData.quote(aapl, { timeoutMs: 200 })).rejects.toMatchObject({ code: "IBKR_TIMEOUT" });
      const reqId = snapshotRequests()[0]?.[0];
      expect(reqId).toBeGreaterThanOrEqual(1_000_000);
      await eventually(() => cancelMktData.mock.calls.some((call) => call[0] === reqId));
    });

    it("answers every quote with a snapshot of its own when nothing waits for the pacer", async () => {
      h = await startHarness();
      await h.broker.marketData.quote(aapl);
      await h.broker.marketData.quote(aapl);
      expect(snapshotRequests()).toHaveLength(2);
      expect(streamingRequests()).toHaveLength(0);
    });

    it("lets quotes that wait for a pacer slot share one snapshot request", async () => {
      h = await startHarness({ pacing: { dataPerSecond: 3, burst: 3 } });
      await h.broker.contracts.resolve(aapl);
      await h.broker.contracts.resolve(stock("MSFT"));
      // Exhaust the budget, so the next requests queue in the pacer.
      await h.broker.marketData.quote(stock("MSFT"));
      const before = snapshotRequests().length;
      const quotes = await Promise.all(Array.from({ length: 10 }, () => h!.broker.marketData.quote(aapl)));
      const shared = snapshotRequests().length - before;
      expect(shared).toBeGreaterThanOrEqual(1);
      expect(shared).toBeLessThanOrEqual(2);
      for (const quote of quotes) expect(quote).toMatchObject({ symbol: "AAPL", conId: AAPL_CON_ID });
      expect(new Set(quotes.map((q) => `${q.bid}/${q.ask}`)).size).toBeLessThanOrEqual(shared);
    });

    it("keeps a shared snapshot for the callers still waiting and withdraws it when all gave up", async () => {
      h = await startHarness({ pacing: { dataPerSecond: 3, burst: 3 } });
      const others = ["MSFT", "GOOGL", "AMZN"].map(stock);
      const tsla = stock("TSLA");
      for (const spec of [aapl, tsla, ...others]) await h.broker.contracts.resolve(spec);
      // Three snapshots and their cancels exceed the budget: what is asked for next waits for a pacer slot.
      const busy = Promise.all(others.map((spec) => h!.broker.marketData.quote(spec)));
      const [first, second, third] = [new AbortController(), new AbortController(), new AbortController()];
      const gaveUp = h.broker.marketData.quote(aapl, { signal: first.signal }).catch((e: unknown) => e);
      const stays = h.broker.marketData.quote(aapl, { signal: second.signal });
      const withdrawn = h.broker.marketData.quote(tsla, { signal: third.signal }).catch((e: unknown) => e);
      await new Promise((resolve) => setImmediate(resolve));
      first.abort(new Error("caller left"));
      third.abort(new Error("nobody waits"));
      expect(await gaveUp).toMatchObject({ message: "caller left" });
      expect(await withdrawn).toMatchObject({ message: "nobody waits" });
      await expect(stays).resolves.toMatchObject({ symbol: "AAPL", conId: AAPL_CON_ID });
      await busy;
      // A later quote queues behind TSLA's pacer slot: once it is answered, that slot has come and gone.
      await h.broker.marketData.quote(stock("MSFT"));
      const sentFor = (conId: number) => snapshotRequests().filter((call) => call[1].conId === conId);
      expect(sentFor(AAPL_CON_ID)).toHaveLength(1);
      expect(sentFor(76792991)).toHaveLength(0);
    });
  });

  it("keeps a sustained burst of requests under IB's 50 messages per second (no error 100 at the simulator)", async () => {
    h = await startHarness();
    const symbols = ["AAPL", "MSFT", "GOOGL", "AMZN", "META", "NVDA", "TSLA", "SPY", "QQQ", "IWM"].map(stock);
    for (const spec of symbols) await h.broker.contracts.resolve(spec);
    // Six rounds of ten different instruments, with account requests between: over 80 data messages at once.
    for (let round = 0; round < 6; round++) {
      await Promise.all([
        ...symbols.map((spec) => h!.broker.marketData.quote(spec)),
        h.broker.account.summary(),
        h.broker.account.positions(),
      ]);
    }
    expect(snapshotRequests()).toHaveLength(60);
    expect(h.sim.control.stats().messageRateErrors).toBe(0);
  });

  describe("held streaming lines (QUOTE_STREAM_IDLE_SEC)", () => {
    it("answers warm quotes from the line and follows the market", async () => {
      h = await startHarness({ quoteStreamIdleMs: 60_000 });
      h.sim.control.setPrices({ symbol: "AAPL", bid: 250.1, ask: 250.2, last: 250.15 });
      const cold = await h.broker.marketData.quote(aapl);
      expect(cold).toMatchObject({ bid: 250.1, ask: 250.2, source: "IBKR_SNAPSHOT" });
      expect(h.broker.marketData.heldLines()).toEqual([AAPL_CON_ID]);
      await eventually(() => h!.broker.marketData.latestQuote(AAPL_CON_ID) !== null);
      const snapshotsBefore = snapshotRequests().length;

      const warm = await h.broker.marketData.quote(aapl);
      expect(warm).toMatchObject({ symbol: "AAPL", conId: AAPL_CON_ID, bid: 250.1, ask: 250.2, last: 250.15 });
      expect(warm.source).toBe("IBKR_SNAPSHOT");
      h.sim.control.setPrices({ symbol: "AAPL", bid: 251, ask: 251.1, last: 251.05 });
      await eventually(() => h!.broker.marketData.latestQuote(AAPL_CON_ID)?.bid === 251);
      expect(await h.broker.marketData.quote(aapl)).toMatchObject({ bid: 251, ask: 251.1, last: 251.05 });
      expect(snapshotRequests()).toHaveLength(snapshotsBefore);
      expect(streamingRequests()).toHaveLength(1);
      expect(subscriptions()).toBe(1);
    });

    it("closes a line once it has gone unquoted for the idle time", async () => {
      h = await startHarness({ quoteStreamIdleMs: 300 });
      await h.broker.marketData.quote(aapl);
      expect(h.broker.marketData.heldLines()).toEqual([AAPL_CON_ID]);
      await eventually(() => subscriptions() === 1);
      await eventually(() => subscriptions() === 0);
      expect(h.broker.marketData.heldLines()).toEqual([]);
      expect(h.broker.marketData.streams()).toEqual([]);
      // The next quote is a snapshot again and opens a new line.
      await h.broker.marketData.quote(aapl);
      expect(h.broker.marketData.heldLines()).toEqual([AAPL_CON_ID]);
    });

    it("holds at most the configured number of lines, closing the least recently quoted", async () => {
      h = await startHarness({ quoteStreamIdleMs: 60_000, quoteStreamMaxLines: 2 });
      const ids: number[] = [];
      for (const symbol of ["AAPL", "MSFT", "GOOGL"]) ids.push((await h.broker.marketData.quote(stock(symbol))).conId);
      expect(h.broker.marketData.heldLines()).toEqual([ids[1], ids[2]]);
      await eventually(() => subscriptions() === 2);
      await eventually(() => h!.broker.marketData.latestQuote(ids[1]!) !== null);
      await h.broker.marketData.quote(stock("MSFT"));
      await h.broker.marketData.quote(aapl);
      expect(h.broker.marketData.heldLines()).toEqual([ids[1], ids[0]]);
      await eventually(() => subscriptions() === 2);
    });

    it("falls back to a snapshot while the line is not live, and re-requests the line after a reconnect", async () => {
      h = await startHarness({ quoteStreamIdleMs: 60_000 });
      await h.broker.marketData.quote(aapl);
      await eventually(() => h!.broker.marketData.latestQuote(AAPL_CON_ID) !== null);
      h.sim.control.addFault({ kind: "drop-connections" });
      await eventually(() => h!.broker.connection.status().state !== "ready");
      await expect(h.broker.marketData.quote(aapl)).rejects.toMatchObject({ code: "IBKR_CONNECTION_ERROR" });
      await h.broker.connection.waitUntilReady(5000);
      await eventually(() => h!.broker.marketData.latestQuote(AAPL_CON_ID) !== null);
      expect(streamingRequests()).toHaveLength(2);
      h.sim.control.setPrices({ symbol: "AAPL", bid: 240, ask: 240.1, last: 240.05 });
      await eventually(() => h!.broker.marketData.latestQuote(AAPL_CON_ID)?.bid === 240);
      expect(await h.broker.marketData.quote(aapl)).toMatchObject({ bid: 240, ask: 240.1 });
    });

    it("closes the held lines when the broker stops", async () => {
      h = await startHarness({ quoteStreamIdleMs: 60_000 });
      await h.broker.marketData.quote(aapl);
      h.broker.stop();
      expect(h.broker.marketData.heldLines()).toEqual([]);
      expect(h.broker.marketData.streams()).toEqual([]);
    });
  });
});
