// Conformance: market data (snapshot, streaming, market-data types, entitlement faults) and historical bars (both
// date formats, keepUpToDate, pacing, no-data), through @stoqey/ib's IBApi at server versions 178 and 193.

import { describe, expect, it } from "vitest";
import { BarSizeSetting, EventName, type ContractDetails } from "@stoqey/ib";
import type { TestClient } from "./support/client.js";
import { AAPL, ES, EURUSD, MSFT, SPX, VERSIONS, useSimulator } from "./support/harness.js";

const BID = 1;
const ASK = 2;
const LAST = 4;
const BID_SIZE = 0;
const ASK_SIZE = 3;
const LAST_SIZE = 5;
const VOLUME = 8;

function prices(client: TestClient, reqId: number, since = 0): Map<number, number> {
  const ticks = client.all(EventName.tickPrice, (id: number) => id === reqId, since) as [number, number, number][];
  return new Map(ticks.map(([, field, value]) => [field, value]));
}

/** The sizes a client sees through tickSize events (the library drops its own synthetic bid size, tick type 0). */
function sizes(client: TestClient, reqId: number, since = 0): Map<number, number> {
  const ticks = client.all(EventName.tickSize, (id: number) => id === reqId, since) as [number, number, number][];
  return new Map(ticks.map(([, field, value]) => [field, value]));
}

describe.each(VERSIONS)("market data at server version %i", (version) => {
  const harness = useSimulator();

  it("answers a snapshot with params, type 1, bid/ask/last with their sizes and the snapshot end", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMktData(11, AAPL, "", true, false);
    await client.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 11);
    expect(client.all(EventName.tickReqParams, (id: number) => id === 11)).toHaveLength(1);
    expect(client.all(EventName.marketDataType, (id: number) => id === 11)).toEqual([[11, 1]]);
    const quote = sim.control.state().prices.AAPL;
    const got = prices(client, 11);
    expect([got.get(BID), got.get(ASK), got.get(LAST)]).toEqual([quote?.bid, quote?.ask, quote?.last]);
    const size = sizes(client, 11);
    expect([size.get(BID_SIZE), size.get(ASK_SIZE), size.get(LAST_SIZE), size.get(VOLUME)]).toEqual([
      100, 100, 50, 1_000_000,
    ]);
  });

  it("serves futures, FX and index snapshots (the index with a last price only)", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMktData(21, { ...ES, lastTradeDateOrContractMonth: await frontMonth(client) }, "", true, false);
    client.api.reqMktData(22, EURUSD, "", true, false);
    client.api.reqMktData(23, SPX, "", true, false);
    for (const id of [21, 22, 23]) await client.waitFor(EventName.tickSnapshotEnd, (r: number) => r === id);
    expect(prices(client, 21).get(BID)).toBeGreaterThan(5000);
    expect(prices(client, 22).get(ASK)).toBeCloseTo(1.1, 1);
    expect(prices(client, 23).has(BID)).toBe(false);
    expect(prices(client, 23).get(LAST)).toBeGreaterThan(5000);
  });

  it("delivers live data (type 1) to a delayed request unless a delayed-only fault applies", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMarketDataType(3);
    client.api.reqMktData(31, MSFT, "", true, false);
    await client.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 31);
    expect(client.all(EventName.marketDataType, (id: number) => id === 31)).toEqual([[31, 1]]);
    sim.control.addFault({ kind: "delayed-only", symbol: "AAPL" });
    client.api.reqMktData(32, AAPL, "", true, false);
    await client.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 32);
    expect(client.all(EventName.marketDataType, (id: number) => id === 32)).toEqual([[32, 3]]);
    expect(client.errors.filter((e) => e.reqId === 32).map((e) => e.code)).toEqual([10167]);
    expect([...prices(client, 32).keys()]).toEqual(expect.arrayContaining([66, 67, 68]));
    expect(prices(client, 32).has(BID)).toBe(false);
    const delayedSizes = sizes(client, 32);
    expect([69, 70, 71, 74].map((field) => delayedSizes.get(field))).toEqual([100, 100, 50, 1_000_000]);
    expect(delayedSizes.has(BID_SIZE)).toBe(false);
  });

  it("refuses a symbol under no-permission with 354 and ends a no-data snapshot without prices", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    sim.control.addFault({ kind: "no-permission", symbol: "AAPL" });
    sim.control.addFault({ kind: "no-data", symbol: "MSFT" });
    client.api.reqMktData(41, AAPL, "", false, false);
    client.api.reqMktData(42, MSFT, "", true, false);
    await client.waitForError(354, 41);
    await client.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 42);
    expect(prices(client, 41).size + prices(client, 42).size).toBe(0);
  });

  it("streams changed ticks on each price move until cancelled", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMktData(51, AAPL, "233,236", false, false);
    await client.waitFor(EventName.tickSize, (id: number, field: number) => id === 51 && field === LAST_SIZE);
    const first = sizes(client, 51);
    expect([first.get(BID_SIZE), first.get(ASK_SIZE), first.get(LAST_SIZE)]).toEqual([100, 100, 50]);
    expect(client.all(EventName.tickString, (id: number, field: number) => id === 51 && field === 48)).toHaveLength(1);
    const since = client.mark();
    sim.control.setPrices({ symbol: "AAPL", bid: 300, ask: 300.1 });
    await client.waitFor(
      EventName.tickPrice,
      (id: number, f: number, v: number) => id === 51 && f === BID && v === 300,
      since,
    );
    await client.waitFor(
      EventName.tickPrice,
      (id: number, f: number, v: number) => id === 51 && f === ASK && v === 300.1,
      since,
    );
    expect(sim.control.stats().subscriptions).toBe(1);
    client.api.cancelMktData(51);
    await client.barrier();
    expect(sim.control.stats().subscriptions).toBe(0);
    const after = client.mark();
    sim.control.setPrices({ symbol: "AAPL", bid: 301, ask: 301.1 });
    await client.barrier();
    expect(client.all(EventName.tickPrice, (id: number) => id === 51, after)).toEqual([]);
  });

  it("rejects duplicate ticker ids, generic ticks on snapshots and cancels of unknown ids", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMktData(61, AAPL, "", false, false);
    client.api.reqMktData(61, AAPL, "", false, false);
    client.api.reqMktData(62, AAPL, "233", true, false);
    client.api.cancelMktData(63);
    await client.waitForError(322, 61);
    await client.waitForError(321, 62);
    await client.waitForError(300, 63);
  });
});

describe.each(VERSIONS)("historical data at server version %i", (version) => {
  const harness = useSimulator();
  const FINISHED = (date: string) => date.startsWith("finished");

  function bars(client: TestClient, reqId: number): string[] {
    return client
      .all(EventName.historicalData, (id: number, date: string) => id === reqId && !FINISHED(date))
      .map(([, d]) => d as string);
  }

  it("returns bars with text dates (formatDate 1), epoch dates (2) and daily dates, then the end marker", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqHistoricalData(
      11,
      AAPL,
      "20250102 16:00:00 US/Eastern",
      "1 D",
      BarSizeSetting.HOURS_ONE,
      "TRADES",
      1,
      1,
      false,
    );
    client.api.reqHistoricalData(
      12,
      AAPL,
      "20250102-21:00:00",
      "1 D",
      BarSizeSetting.MINUTES_THIRTY,
      "MIDPOINT",
      1,
      2,
      false,
    );
    client.api.reqHistoricalData(13, AAPL, "", "1 W", BarSizeSetting.DAYS_ONE, "TRADES", 1, 1, false);
    for (const id of [11, 12, 13])
      await client.waitFor(EventName.historicalData, (r: number, d: string) => r === id && FINISHED(d));
    expect(bars(client, 11)[0]).toBe("20250102 09:30:00 US/Eastern");
    expect(bars(client, 11)).toHaveLength(7);
    expect(bars(client, 12)[0]).toBe(String(Date.UTC(2025, 0, 2, 14, 30) / 1000));
    expect(bars(client, 13).every((d) => /^\d{8}$/.test(d))).toBe(true);
    const [, , open, high, low, close, volume] =
      client.all(EventName.historicalData, (id: number) => id === 11)[0] ?? [];
    expect(Math.max(open as number, close as number)).toBeLessThanOrEqual(high as number);
    expect(Math.min(open as number, close as number)).toBeGreaterThanOrEqual(low as number);
    expect(volume).toBeGreaterThan(0);
  });

  it("starts daily data at the first bar's session open and leaves out sessions not yet opened", async () => {
    // Wednesday 4 June 2025, 01:44 New York.
    const sim = await harness.start({ maxServerVersion: version, clock: { now: () => Date.UTC(2025, 5, 4, 5, 44) } });
    const client = await harness.connect(sim);
    client.api.reqHistoricalData(15, AAPL, "", "1 W", BarSizeSetting.DAYS_ONE, "TRADES", 1, 1, false);
    client.api.reqHistoricalData(16, AAPL, "", "1 W", BarSizeSetting.DAYS_ONE, "TRADES", 0, 1, false);
    const finished = (id: number) =>
      client.waitFor(EventName.historicalData, (r: number, d: string) => r === id && FINISHED(d));
    const [[, end15], [, end16]] = [await finished(15), await finished(16)];
    expect(bars(client, 15)).toEqual(["20250529", "20250530", "20250602", "20250603"]);
    expect(bars(client, 16)).toEqual(bars(client, 15));
    expect(end15).toBe("finished-20250529 09:30:00 US/Eastern-20250604 01:44:00 US/Eastern");
    expect(end16).toBe("finished-20250529 04:00:00 US/Eastern-20250604 01:44:00 US/Eastern");
  });

  it("keeps the last bar up to date on price moves until cancelled", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqHistoricalData(21, AAPL, "", "3600 S", BarSizeSetting.MINUTES_FIVE, "MIDPOINT", 0, 2, true);
    await client.waitFor(EventName.historicalData, (r: number, d: string) => r === 21 && FINISHED(d));
    sim.control.setPrices({ symbol: "AAPL", bid: 310, ask: 310.2 });
    const [, , , , , close] = await client.waitFor(EventName.historicalDataUpdate, (id: number) => id === 21);
    expect(close).toBeCloseTo(310.1, 6);
    client.api.cancelHistoricalData(21);
    await client.barrier();
    const since = client.mark();
    sim.control.setPrices({ symbol: "AAPL", bid: 311, ask: 311.2 });
    await client.barrier();
    expect(client.all(EventName.historicalDataUpdate, () => true, since)).toEqual([]);
  });

  it("answers an identical small-bar request within 15 s, a pacing fault and a no-data fault with error 162", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqHistoricalData(31, MSFT, "", "1800 S", BarSizeSetting.SECONDS_THIRTY, "TRADES", 0, 1, false);
    await client.waitFor(EventName.historicalData, (r: number, d: string) => r === 31 && FINISHED(d));
    client.api.reqHistoricalData(32, MSFT, "", "1800 S", BarSizeSetting.SECONDS_THIRTY, "TRADES", 0, 1, false);
    expect((await client.waitForError(162, 32))[2]).toContain("pacing violation");
    sim.control.addFault({ kind: "pacing-violation" });
    client.api.reqHistoricalData(33, AAPL, "", "2 D", BarSizeSetting.HOURS_ONE, "TRADES", 1, 1, false);
    expect((await client.waitForError(162, 33))[2]).toContain("pacing violation");
    sim.control.addFault({ kind: "no-data", symbol: "AAPL" });
    client.api.reqHistoricalData(34, AAPL, "", "3 D", BarSizeSetting.HOURS_ONE, "TRADES", 1, 1, false);
    expect((await client.waitForError(162, 34))[2]).toContain("HMDS query returned no data");
  });

  it("refuses more than six small-bar requests for one contract within two seconds", async () => {
    const clock = { now: () => 1_735_828_200_000 };
    const sim = await harness.start({ maxServerVersion: version, clock });
    const client = await harness.connect(sim);
    for (let i = 1; i <= 7; i++) {
      client.api.reqHistoricalData(40 + i, AAPL, "", `${i * 60} S`, BarSizeSetting.SECONDS_FIVE, "TRADES", 0, 1, false);
    }
    await client.waitForError(162, 47);
    expect(client.errors.filter((e) => e.code === 162).map((e) => e.reqId)).toEqual([47]);
  });

  it("does not pace bars over 30 seconds, and paces each connection on its own", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const [first, second] = [await harness.connect(sim, 1), await harness.connect(sim, 2)];
    for (let i = 1; i <= 7; i++) {
      first.api.reqHistoricalData(50 + i, AAPL, "", "1 D", BarSizeSetting.HOURS_ONE, "TRADES", 1, 1, false);
    }
    await first.waitFor(EventName.historicalData, (r: number, d: string) => r === 57 && FINISHED(d));
    first.api.reqHistoricalData(61, MSFT, "", "1800 S", BarSizeSetting.SECONDS_THIRTY, "TRADES", 0, 1, false);
    await first.waitFor(EventName.historicalData, (r: number, d: string) => r === 61 && FINISHED(d));
    second.api.reqHistoricalData(62, MSFT, "", "1800 S", BarSizeSetting.SECONDS_THIRTY, "TRADES", 0, 1, false);
    second.api.reqHistoricalData(63, MSFT, "", "1 D", BarSizeSetting.MINUTES_FIVE, "TRADES", 1, 1, false);
    await second.waitFor(EventName.historicalData, (r: number, d: string) => r === 62 && FINISHED(d));
    await second.waitFor(EventName.historicalData, (r: number, d: string) => r === 63 && FINISHED(d));
    expect([...first.errors, ...second.errors].filter((e) => e.code === 162)).toEqual([]);
  });
});

/** The nearest ES expiry, from the contract details the simulator lists. */
async function frontMonth(client: TestClient): Promise<string> {
  client.api.reqContractDetails(99, ES);
  await client.waitFor(EventName.contractDetailsEnd, (id: number) => id === 99);
  const dates = client
    .all(EventName.contractDetails, (id: number) => id === 99)
    .map(([, d]) => (d as ContractDetails).contract.lastTradeDateOrContractMonth ?? "");
  return dates.sort()[0] ?? "";
}
