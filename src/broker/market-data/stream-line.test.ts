// A shared streaming line on its own: one quote per burst of ticks, the snapshot's normalisation and source labels,
// a fresh start on every new broker request, and subscribers isolated from each other's failures.
import { describe, expect, it } from "vitest";
import { GatewayError, type Quote, type ResolvedContract } from "../../domain/index.js";
import { StreamLine } from "./stream-line.js";

const contract: ResolvedContract = {
  conId: 265598,
  symbol: "AAPL",
  securityType: "STK",
  exchange: "SMART",
  primaryExchange: "NASDAQ",
  currency: "USD",
  localSymbol: "AAPL",
  tradingClass: "NMS",
  expiry: null,
  strike: null,
  right: null,
  multiplier: null,
  displaySymbol: "AAPL",
};
const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const settle = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

function line(): StreamLine {
  const l = new StreamLine(contract, "AAPL", () => NOW);
  l.restart(1_000_001, null);
  return l;
}

function collect(l: StreamLine, symbol = "AAPL") {
  const quotes: Quote[] = [];
  const errors: GatewayError[] = [];
  const faults: unknown[] = [];
  const subscriber = l.add(symbol, { listener: (q) => quotes.push(q), onError: (e) => errors.push(e) }, (error) =>
    faults.push(error),
  );
  return { quotes, errors, faults, subscriber };
}

describe("StreamLine", () => {
  it("turns one burst of ticks into one normalised quote for every subscriber", async () => {
    const l = line();
    const a = collect(l);
    const b = collect(l);
    l.onMarketDataType(1);
    l.onNumber(1, 250.1);
    l.onNumber(0, 100);
    l.onNumber(2, -1);
    l.onNumber(3, Number.NaN);
    l.onNumber(4, 250.15);
    l.onNumber(8, 12_345);
    l.onString(45, "1767625200");
    await settle();
    expect(a.quotes).toHaveLength(1);
    expect(b.quotes).toEqual(a.quotes);
    expect(a.quotes[0]).toEqual({
      symbol: "AAPL",
      conId: 265598,
      bid: 250.1,
      ask: 0,
      last: 250.15,
      bidSize: 100,
      askSize: 0,
      lastSize: 0,
      volume: 12_345,
      timestamp: new Date(NOW).toISOString(),
      lastTradeTime: "2026-01-05T15:00:00.000Z",
      source: "IBKR_SNAPSHOT",
    });
    expect(l.quote).toEqual(a.quotes[0]);
    expect(a.subscriber.latest).toEqual(a.quotes[0]);
  });

  it("labels delayed data and forgets the label when the line is requested again", async () => {
    const l = line();
    const a = collect(l);
    l.onDelayedNotice();
    l.onNumber(68, 99.5);
    await settle();
    expect(a.quotes[0]).toMatchObject({ last: 99.5, source: "IBKR_DELAYED" });
    l.restart(1_000_002, null);
    expect(l.quote).toBeNull();
    l.onNumber(4, 100);
    await settle();
    expect(a.quotes[1]).toMatchObject({ last: 100, source: "IBKR_SNAPSHOT" });
  });

  it("drops ticks of a request that was replaced before they were delivered", async () => {
    const l = line();
    const a = collect(l);
    l.onNumber(1, 10);
    l.restart(1_000_002, null);
    await settle();
    expect(a.quotes).toEqual([]);
    l.onNumber(2, 11);
    await settle();
    expect(a.quotes).toEqual([expect.objectContaining({ bid: 0, ask: 11 })]);
  });

  it("gives a late joiner the current quote and each subscriber its own symbol spelling", async () => {
    const l = line();
    collect(l);
    l.onNumber(4, 42);
    await settle();
    const late = collect(l, "aapl");
    expect(late.subscriber.latest).toMatchObject({ last: 42 });
    l.onNumber(4, 43);
    await settle();
    expect(late.quotes).toEqual([expect.objectContaining({ symbol: "aapl", last: 43 })]);
  });

  it("keeps delivering to others when one listener throws, and reports the fault", async () => {
    const l = line();
    const faults: unknown[] = [];
    l.add(
      "AAPL",
      {
        listener: () => {
          throw new Error("boom");
        },
      },
      (error) => faults.push(error),
    );
    const b = collect(l);
    l.onNumber(4, 1);
    await settle();
    expect(b.quotes).toHaveLength(1);
    expect(faults).toEqual([new Error("boom")]);
  });

  it("ends every subscriber once with the error; leaving twice is harmless", async () => {
    const l = line();
    const a = collect(l);
    const b = collect(l);
    expect(l.remove(b.subscriber)).toBe(true);
    expect(l.remove(b.subscriber)).toBe(false);
    const error = new GatewayError("MARKET_DATA_PERMISSION_DENIED", "Market data permission denied: [354] x");
    l.end(error);
    l.end(error);
    l.onNumber(4, 1);
    await settle();
    expect(a.errors).toEqual([error]);
    expect(b.errors).toEqual([]);
    expect(a.quotes).toEqual([]);
    expect(l.subscribers.size).toBe(0);
  });
});
