// Account summary, positions and P&L against the simulator's initial account.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./support/harness.js";

describe("account", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("summarises the default account", async () => {
    h = await startHarness();
    const summary = await h.broker.account.summary();
    expect(summary).toMatchObject({ accountId: "DU1234567", currency: "USD", cash: 1_000_000 });
    expect(summary.netLiquidation).toBeGreaterThan(1_000_000);
    expect(summary.buyingPower).toBeGreaterThan(0);
    expect(summary.maintenanceMargin).toBeGreaterThan(0);
  });

  it("lists positions with per-unit average prices and market values", async () => {
    h = await startHarness();
    const result = await h.broker.account.positions("DU1234567");
    expect(result.positionCount).toBe(2);
    const aapl = result.positions.find((p) => p.symbol === "AAPL");
    expect(aapl).toMatchObject({ assetClass: "STK", quantity: 100, avgPrice: 240, currency: "USD", conId: 265598 });
    expect(aapl?.marketValue).toBeGreaterThan(0);
    const mes = result.positions.find((p) => p.symbol.startsWith("MES_"));
    expect(mes).toMatchObject({ assetClass: "FUT", quantity: 1, avgPrice: 5950 });
  });

  it("reports P&L per timeframe with per-symbol details", async () => {
    h = await startHarness();
    const current = await h.broker.account.pnl(null, "current");
    expect(current).toMatchObject({ accountId: "DU1234567", currency: "USD", timeframe: "CURRENT" });
    const aapl = current.bySymbol["AAPL"];
    expect(aapl).toMatchObject({ conId: 265598, basis: 24_000 });
    const intraday = await h.broker.account.pnl(undefined, "1d");
    expect(intraday.timeframe).toBe("1D");
    expect(Object.keys(intraday.bySymbol).sort()).toEqual(Object.keys(current.bySymbol).sort());
    const day = intraday.bySymbol["AAPL"];
    expect(day?.unrealized).toBe(day?.unrealizedToday);
    expect(day?.realized).toBe(day?.realizedToday);
    await expect(h.broker.account.pnl(null, "mtd")).rejects.toMatchObject({
      message: "Invalid timeframe: 'mtd' is not supported (supported: CURRENT, INTRADAY, 1D)",
    });
  });

  it("answers 404 for an account that is not managed", async () => {
    h = await startHarness();
    await expect(h.broker.account.summary("U999")).rejects.toMatchObject({
      code: "ACCOUNT_NOT_FOUND",
      message: "Account not found: U999",
    });
  });
});
