// Quotes, historical bars and contract resolution against the simulator over TCP, including the
// broker error paths driven by simulator faults.
import { afterEach, describe, expect, it } from "vitest";
import { HistoricalBarsRequest } from "../../src/domain/index.js";
import { startHarness, type Harness } from "./support/harness.js";

const aapl = { symbol: "AAPL", securityType: "STK" } as const;
const bars = (fields: Record<string, unknown>) =>
  HistoricalBarsRequest.parse({ ...aapl, barSize: "1h", duration: "1d", rthOnly: false, ...fields });

describe("market data", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("returns a real-time snapshot quote", async () => {
    h = await startHarness();
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250.1, ask: 250.2, last: 250.15 });
    const quote = await h.broker.marketData.quote(aapl);
    expect(quote).toMatchObject({
      symbol: "AAPL",
      conId: 265598,
      bid: 250.1,
      ask: 250.2,
      last: 250.15,
      bidSize: 100,
      askSize: 100,
      lastSize: 50,
      source: "IBKR_SNAPSHOT",
    });
    expect(quote.volume).toBeGreaterThan(0);
    expect(quote.timestamp).toMatch(/Z$/);
  });

  it("marks delayed data from notice 10167", async () => {
    h = await startHarness();
    h.sim.control.addFault({ kind: "delayed-only", symbol: "AAPL" });
    const quote = await h.broker.marketData.quote(aapl);
    expect(quote.source).toBe("IBKR_DELAYED");
    expect(quote.last).toBeGreaterThan(0);
  });

  it("answers 403 without permission, 400 for an unknown symbol", async () => {
    h = await startHarness();
    h.sim.control.addFault({ kind: "no-permission", symbol: "MSFT" });
    await expect(h.broker.marketData.quote({ symbol: "MSFT", securityType: "STK" })).rejects.toMatchObject({
      code: "MARKET_DATA_PERMISSION_DENIED",
      message: expect.stringMatching(/^Market data permission denied: \[354\] /),
    });
    await expect(h.broker.marketData.quote({ symbol: "NOPE123", securityType: "STK" })).rejects.toMatchObject({
      code: "CONTRACT_RESOLUTION_ERROR",
      message: "Contract resolution failed: No contract found for NOPE123 (STK) on SMART",
    });
  });

  it("times out with the contract's message when the broker is silent", async () => {
    h = await startHarness();
    await h.broker.contracts.resolve(aapl);
    h.sim.control.addFault({ kind: "delay-ms", ms: 2000 });
    await expect(h.broker.marketData.quote(aapl, { timeoutMs: 300 })).rejects.toMatchObject({
      code: "IBKR_TIMEOUT",
      message: "Market data timeout: Timeout waiting for AAPL quote after 0.3s",
    });
  });

  it("returns a zero quote when the snapshot ends without prices", async () => {
    h = await startHarness();
    h.sim.control.addFault({ kind: "no-data", symbol: "AAPL" });
    const quote = await h.broker.marketData.quote(aapl);
    expect(quote).toMatchObject({ bid: 0, ask: 0, last: 0 });
  });

  it("loads historical bars with UTC times, oldest first", async () => {
    h = await startHarness();
    // Two days, so at least two hourly bars exist at any time of day (just after a session opens, today has one).
    const result = await h.broker.marketData.historical(bars({ duration: "2d" }));
    expect(result.barCount).toBe(result.bars.length);
    expect(result.bars.length).toBeGreaterThan(0);
    const [first, second] = result.bars;
    expect(first).toMatchObject({ symbol: "AAPL", barSize: "1 hour", source: "IBKR_HISTORICAL" });
    expect(Date.parse(second?.time ?? "") - Date.parse(first?.time ?? "")).toBeGreaterThanOrEqual(3_600_000);
    const daily = await h.broker.marketData.historical(bars({ barSize: "1d", duration: "1w" }));
    for (const bar of daily.bars) expect(bar.time).toMatch(/T00:00:00\.000Z$/);
  });

  it("maps historical no-data to 404 and a broker pacing violation to 429", async () => {
    h = await startHarness();
    h.sim.control.addFault({ kind: "no-data", symbol: "AAPL" });
    await expect(h.broker.marketData.historical(bars({}))).rejects.toMatchObject({ code: "NO_DATA", status: 404 });
    h.sim.control.addFault({ kind: "clear" });
    h.sim.control.addFault({ kind: "pacing-violation" });
    await expect(h.broker.marketData.historical(bars({ duration: "2d" }))).rejects.toMatchObject({
      code: "PACING_VIOLATION",
      status: 429,
    });
  });

  it("refuses an identical historical request within 15 s before asking the broker", async () => {
    h = await startHarness();
    await h.broker.marketData.historical(bars({ duration: "3d" }));
    const error = await h.broker.marketData.historical(bars({ duration: "3d" })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PACING_VIOLATION", details: { retryAfterSeconds: expect.any(Number) } });
  });

  it("rejects bad parameters with 400 before resolving anything", async () => {
    h = await startHarness();
    await expect(h.broker.marketData.historical(bars({ barSize: "1M" }))).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      status: 400,
    });
  });

  it("resolves the front-month future, an option and an FX pair", async () => {
    h = await startHarness();
    const mes = await h.broker.contracts.resolve({ symbol: "MES", securityType: "FUT" });
    expect(mes).toMatchObject({ symbol: "MES", exchange: "CME", multiplier: "5" });
    expect(mes.displaySymbol).toBe(`MES_${mes.expiry?.replaceAll("-", "")}`);
    const fx = await h.broker.contracts.resolve({ symbol: "EUR.USD", securityType: "CASH" });
    expect(fx.displaySymbol).toBe("EUR.USD");
    const spy = await h.broker.contracts.resolve({ symbol: "SPY", securityType: "ETF" });
    expect(spy).toMatchObject({ securityType: "ETF", conId: 756733 });
  });

  it("resolves an option by expiry, strike and right", async () => {
    h = await startHarness();
    const expiry = thirdFridayOfNextMonth(new Date());
    const option = await h.broker.contracts.resolve({
      symbol: "AAPL",
      securityType: "OPT",
      expiry,
      strike: 250,
      right: "C",
    });
    expect(option).toMatchObject({ securityType: "OPT", strike: 250, right: "C", expiry, multiplier: "100" });
    expect(option.displaySymbol).toBe(`AAPL_${expiry.replaceAll("-", "")}_C250`);
  });
});

function thirdFridayOfNextMonth(now: Date): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const day = 1 + ((5 - first.getUTCDay() + 7) % 7) + 14;
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day)).toISOString().slice(0, 10);
}
