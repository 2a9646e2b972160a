// Conformance: account summary, positions, PnL, single-position PnL and account updates, through @stoqey/ib's IBApi
// at server versions 178 and 193. Figures are checked against the control API's view of the same simulator.

import { describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, type Contract } from "@stoqey/ib";
import { AAPL, ACCOUNT, VERSIONS, useSimulator } from "./support/harness.js";

const AAPL_CON_ID = 265598;

describe.each(VERSIONS)("account at server version %i", (version) => {
  const harness = useSimulator();

  it("answers the account summary with the requested tags, consistent with the engine", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqAccountSummary(11, "All", "NetLiquidation,TotalCashValue,BuyingPower,AccountType");
    await client.waitFor(EventName.accountSummaryEnd, (id: number) => id === 11);
    const rows = client.all(EventName.accountSummary, (id: number) => id === 11);
    const byTag = new Map(rows.map(([, account, tag, value, currency]) => [tag, { account, value, currency }]));
    expect([...byTag.keys()].sort()).toEqual(["AccountType", "BuyingPower", "NetLiquidation", "TotalCashValue"]);
    const state = sim.control.state();
    expect(Number(byTag.get("NetLiquidation")?.value)).toBeCloseTo(state.netLiquidation, 2);
    expect(byTag.get("TotalCashValue")).toEqual({ account: ACCOUNT, value: state.cash.toFixed(2), currency: "USD" });
    expect(byTag.get("AccountType")?.currency).toBe("");
  });

  it("answers $LEDGER tags with the cash-ledger rows only: BASE, one currency, or all of them", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    const ledger = async (reqId: number, tag: string) => {
      client.api.reqAccountSummary(reqId, "All", tag);
      await client.waitFor(EventName.accountSummaryEnd, (id: number) => id === reqId);
      return client.all(EventName.accountSummary, (id: number) => id === reqId).map(([, , t, , c]) => `${t}/${c}`);
    };
    const all = await ledger(31, "$LEDGER:ALL");
    const keys = [
      "Currency",
      "CashBalance",
      "TotalCashBalance",
      "NetLiquidationByCurrency",
      "StockMarketValue",
      "OptionMarketValue",
      "FuturesPNL",
      "UnrealizedPnL",
      "RealizedPnL",
      "ExchangeRate",
    ];
    expect(all).toEqual(keys.flatMap((key) => [`${key}/BASE`, `${key}/USD`]));
    expect(await ledger(32, "$LEDGER")).toEqual(keys.map((key) => `${key}/BASE`));
    client.api.cancelAccountSummary(31);
    client.api.cancelAccountSummary(32);
    expect(await ledger(33, "$LEDGER:USD")).toEqual(keys.map((key) => `${key}/USD`));
  });

  it("refuses a third concurrent account summary with 322 until one is cancelled", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    for (const id of [21, 22, 23]) client.api.reqAccountSummary(id, "All", "NetLiquidation");
    await client.waitForError(322, 23);
    client.api.cancelAccountSummary(21);
    client.api.reqAccountSummary(24, "All", "NetLiquidation");
    await client.waitFor(EventName.accountSummaryEnd, (id: number) => id === 24);
  });

  it("lists the initial positions, then reports each change", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqPositions();
    await client.waitFor(EventName.positionEnd);
    const initial = client
      .all(EventName.position)
      .map(([account, c, pos, avgCost]) => [account, (c as Contract).symbol, pos, avgCost]);
    expect(initial).toEqual(
      expect.arrayContaining([
        [ACCOUNT, "AAPL", 100, 240],
        [ACCOUNT, "MES", 1, 29750],
      ]),
    );
    const since = client.mark();
    client.api.placeOrder(1, AAPL, {
      action: OrderAction.BUY,
      totalQuantity: 50,
      orderType: OrderType.MKT,
      transmit: true,
    });
    const [, contract, position] = await client.waitFor(EventName.position, () => true, since);
    expect([(contract as Contract).conId, position]).toEqual([AAPL_CON_ID, 150]);
    client.api.cancelPositions();
    await client.barrier();
    expect(sim.control.stats().subscriptions).toBe(0);
  });

  it("streams PnL and single-position PnL, pushing again when prices move", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqPnL(31, ACCOUNT, "");
    client.api.reqPnLSingle(32, ACCOUNT, "", AAPL_CON_ID);
    const [, , unrealized] = await client.waitFor(EventName.pnl, (id: number) => id === 31);
    const [, position, , singleUnrealized, , value] = await client.waitFor(
      EventName.pnlSingle,
      (id: number) => id === 32,
    );
    expect(position).toBe(100);
    const last = sim.control.state().prices.AAPL?.last ?? 0;
    expect(singleUnrealized).toBeCloseTo((last - 240) * 100, 2);
    expect(value).toBeCloseTo(last * 100, 2);
    const since = client.mark();
    sim.control.setPrices({ symbol: "AAPL", bid: 299.9, ask: 300.1, last: 300 });
    const [, , moved] = await client.waitFor(EventName.pnl, (id: number) => id === 31, since);
    expect((moved as number) - (unrealized as number)).toBeCloseTo((300 - last) * 100, 2);
    const [, , , single] = await client.waitFor(EventName.pnlSingle, (id: number) => id === 32, since);
    expect(single).toBeCloseTo(6000, 2);
    client.api.cancelPnL(31);
    client.api.cancelPnLSingle(32);
    await client.barrier();
    expect(sim.control.stats()).toMatchObject({ subscriptions: 0, timers: 0 });
  });

  it("refuses PnL for another account and for an unknown contract with 321", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqPnL(41, "DU0000000", "");
    client.api.reqPnLSingle(42, ACCOUNT, "", 1);
    await client.waitForError(321, 41);
    await client.waitForError(321, 42);
  });

  it("sends account values, portfolio, update time and download end, then portfolio changes", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqAccountUpdates(true, ACCOUNT);
    await client.waitFor(EventName.accountDownloadEnd);
    const keys = client.all(EventName.updateAccountValue).map(([key]) => key);
    expect(keys).toEqual(expect.arrayContaining(["NetLiquidation", "TotalCashValue", "BuyingPower", "AccountCode"]));
    // Every per-currency key comes as BASE first, then USD: the last currency a client sees is the real one.
    const currencies = client.all(EventName.updateAccountValue, (key: string) => key === "Currency");
    expect(currencies.map(([, value]) => value)).toEqual(["BASE", "USD"]);
    const cash = client.all(EventName.updateAccountValue, (key: string) => key === "CashBalance");
    expect(cash.map(([, , currency]) => currency)).toEqual(["BASE", "USD"]);
    const portfolio = client.all(EventName.updatePortfolio).map(([c, pos]) => [(c as Contract).symbol, pos]);
    expect(portfolio).toEqual(
      expect.arrayContaining([
        ["AAPL", 100],
        ["MES", 1],
      ]),
    );
    expect(client.all(EventName.updateAccountTime)).toHaveLength(1);
    const since = client.mark();
    sim.control.setPrices({ symbol: "AAPL", last: 280 });
    const [contract, , marketPrice] = await client.waitFor(EventName.updatePortfolio, () => true, since);
    expect([(contract as Contract).symbol, marketPrice]).toEqual(["AAPL", 280]);
    client.api.reqAccountUpdates(false, ACCOUNT);
    await client.barrier();
    expect(sim.control.stats().subscriptions).toBe(0);
  });

  it("keeps one account-updates subscription for all clients and tells the one that lost it (2100)", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const first = await harness.connect(sim, 1);
    const second = await harness.connect(sim, 2);
    first.api.reqAccountUpdates(true, ACCOUNT);
    await first.waitFor(EventName.accountDownloadEnd);
    second.api.reqAccountUpdates(true, ACCOUNT);
    await second.waitFor(EventName.accountDownloadEnd);
    await first.waitFor(EventName.info, (_m: string, code: number) => code === 2100);
    expect(sim.control.stats().subscriptions).toBe(1);
  });
});
