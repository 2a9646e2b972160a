// Market data, contracts and account endpoints over the real app and the embedded simulator (AC-33..AC-40, AC-43).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ pinAapl: false });
});
afterAll(() => gw.close());

const post = (url: string, payload: Record<string, unknown>) => gw.app.inject({ method: "POST", url, payload });
const quote = (symbol: string, extra: Record<string, unknown> = {}) =>
  post("/market-data/quote", { symbol, securityType: "STK", ...extra });

describe("POST /market-data/quote", () => {
  it("quotes AAPL near its reference price with a tight spread (AC-33)", async () => {
    const q = (await quote("AAPL")).json();
    expect(q).toMatchObject({ symbol: "AAPL", conId: 265598, source: "IBKR_SNAPSHOT" });
    const mid = (q.bid + q.ask) / 2;
    expect(q.bid).toBeGreaterThan(0);
    expect(q.ask).toBeGreaterThan(q.bid);
    expect(Math.abs(mid / 250 - 1)).toBeLessThan(0.02);
    expect((q.ask - q.bid) / mid).toBeLessThan(0.001);
    expect(q.bidSize).toBeGreaterThanOrEqual(0);
    expect(q.timestamp).toMatch(/Z$/);
    const other = (await quote("ZZZZ")).json();
    expect((other.bid + other.ask) / 2).toBeGreaterThan(50);
    expect((other.bid + other.ask) / 2).toBeLessThan(150);
    const mids = await Promise.all(Array.from({ length: 10 }, async () => (await quote("AAPL")).json()));
    for (const m of mids) expect(Math.abs(m.last / q.last - 1)).toBeLessThan(0.01);
  });

  it("maps faults to delayed data, 403, 404 and 429 (AC-34)", async () => {
    const control = gw.simulator?.control;
    control?.addFault({ kind: "delayed-only", symbol: "AAPL" });
    control?.addFault({ kind: "no-permission", symbol: "MSFT" });
    control?.addFault({ kind: "no-data", symbol: "SPY" });
    try {
      expect((await quote("AAPL")).json().source).toBe("IBKR_DELAYED");
      const denied = await quote("MSFT");
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error_code).toBe("MARKET_DATA_PERMISSION_DENIED");
      const nodata = await post("/market-data/historical", {
        symbol: "SPY",
        securityType: "ETF",
        barSize: "1h",
        duration: "1d",
      });
      expect(nodata.statusCode).toBe(404);
      expect(nodata.json().error_code).toBe("NO_DATA");
      control?.addFault({ kind: "pacing-violation" });
      const paced = await post("/market-data/historical", {
        symbol: "AAPL",
        securityType: "STK",
        barSize: "1h",
        duration: "2d",
      });
      expect(paced.statusCode).toBe(429);
      expect(paced.json().error_code).toBe("PACING_VIOLATION");
    } finally {
      control?.addFault({ kind: "clear" });
    }
  });

  it("refuses options without an expiry before any broker call (AC-39)", async () => {
    const res = await quote("AAPL", { securityType: "OPT" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error_code: "CONTRACT_RESOLUTION_ERROR" });
    expect(res.json().message).toContain("expiry");
  });
});

describe("POST /market-data/historical", () => {
  it("returns hourly bars oldest first with the canonical bar size (AC-35)", async () => {
    const res = await post("/market-data/historical", {
      symbol: "AAPL",
      securityType: "STK",
      barSize: "1h",
      duration: "5d",
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.barCount).toBe(body.bars.length);
    expect(body.barCount).toBeGreaterThan(0);
    for (const bar of body.bars) {
      expect(bar).toMatchObject({ symbol: "AAPL", barSize: "1 hour", source: "IBKR_HISTORICAL" });
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
    }
    const times = body.bars.map((b: { time: string }) => Date.parse(b.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe("contracts", () => {
  it("resolves the MES front month and reports unknown symbols (AC-40)", async () => {
    const mes = (await post("/contracts/resolve", { symbol: "MES", securityType: "FUT" })).json();
    expect(mes).toMatchObject({ exchange: "CME", multiplier: "5", securityType: "FUT" });
    const expiry = new Date(`${mes.expiry}T00:00:00Z`);
    expect(expiry.getUTCDay()).toBe(5);
    expect([2, 5, 8, 11]).toContain(expiry.getUTCMonth());
    expect(expiry.getUTCDate()).toBeGreaterThanOrEqual(15);
    expect(expiry.getUTCDate()).toBeLessThanOrEqual(21);
    expect(mes.displaySymbol).toBe(`MES_${mes.expiry.replaceAll("-", "")}`);
    const bad = await post("/contracts/resolve", { symbol: "INVALID", securityType: "STK" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("No contract found for INVALID (STK)");
  });
});

describe("account", () => {
  it("summarises the default account and rejects unknown ones (AC-36)", async () => {
    const summary = (await gw.app.inject({ url: "/account/summary" })).json();
    expect(summary).toMatchObject({ accountId: "DU1234567", currency: "USD" });
    expect(summary.netLiquidation).toBeGreaterThan(0);
    const unknown = await gw.app.inject({ url: "/account/summary?account_id=U0000000" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error_code: "ACCOUNT_NOT_FOUND", message: "Account not found: U0000000" });
  });

  it("lists the initial positions with per-unit average prices (AC-37)", async () => {
    const body = (await gw.app.inject({ url: "/account/positions" })).json();
    expect(body.positionCount).toBe(body.positions.length);
    const aapl = body.positions.find((p: { symbol: string }) => p.symbol === "AAPL");
    expect(aapl).toMatchObject({ quantity: 100, avgPrice: 240, assetClass: "STK", currency: "USD" });
    const mes = body.positions.find((p: { symbol: string }) => p.symbol.startsWith("MES_"));
    expect(mes.symbol).toMatch(/^MES_\d{8}$/);
    expect(mes).toMatchObject({ quantity: 1, avgPrice: 5950, assetClass: "FUT" });
  });

  it("reports P&L by symbol for the supported timeframes (AC-38)", async () => {
    const current = (await gw.app.inject({ url: "/account/pnl" })).json();
    expect(current.timeframe).toBe("CURRENT");
    expect(current.bySymbol.AAPL).toMatchObject({ symbol: "AAPL", currency: "USD" });
    expect(current.bySymbol.AAPL.basis).toBe(24000);
    expect((await gw.app.inject({ url: "/account/pnl?timeframe=1d" })).json().timeframe).toBe("1D");
    const mtd = await gw.app.inject({ url: "/account/pnl?timeframe=MTD" });
    expect(mtd.statusCode).toBe(400);
    expect(mtd.json().message).toBe("Invalid timeframe: 'MTD' is not supported (supported: CURRENT, INTRADAY, 1D)");
  });
});

describe("connectivity (AC-43)", () => {
  it("answers 503 while the broker reports 1100 and recovers on 1102", async () => {
    const control = gw.simulator?.control;
    control?.addFault({ kind: "connectivity-lost" });
    await expect.poll(() => gw.services.broker.connection.state).toBe("connectivity-lost");
    expect((await quote("AAPL")).statusCode).toBe(503);
    expect((await gw.app.inject({ url: "/health" })).json().connection.state).toBe("connectivity-lost");
    control?.addFault({ kind: "connectivity-restored" });
    await expect.poll(() => gw.services.broker.connection.state).toBe("ready");
    expect((await quote("AAPL")).statusCode).toBe(200);
  });
});
