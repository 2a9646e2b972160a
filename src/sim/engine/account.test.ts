import { describe, expect, it } from "vitest";
import { commissionFor } from "./commissions.js";
import type { Engine } from "./engine.js";
import { AAPL, engineFixture, simOrder } from "./testing.js";
import type { CommissionView, EngineEvent, SimOrder } from "./types.js";

/** AAPL at 250 (±0.01) and MES at 6000 (±0.25): the initial account is then worth 1,025,250. */
function setup() {
  const { market, engine, events } = engineFixture();
  const initialClose = { aapl: market.quote(AAPL).close, mes: 0 };
  const mes = market.find({ symbol: "MES", secType: "FUT" })[0];
  initialClose.mes = market.quote(mes?.conId ?? 0).close;
  market.pin("AAPL", { bid: 249.99, ask: 250.01, last: 250 });
  market.pin("MES", { bid: 5999.75, ask: 6000.25, last: 6000 });
  events.length = 0;
  let nextId = 1;
  const trade = (action: "BUY" | "SELL", totalQuantity: number, conId = AAPL, fields: Partial<SimOrder> = {}): void =>
    engine.place(order({ orderId: nextId++, action, totalQuantity, ...fields }), market.byConId(conId));
  return { market, engine, events, trade, initialClose, mesConId: mes?.conId ?? 0 };
}

function summary(engine: Engine): Record<string, string> {
  return Object.fromEntries(engine.accountSummary().map((row) => [row.tag, row.value]));
}

function commissionReports(events: EngineEvent[]): CommissionView[] {
  return events.flatMap((e) => (e.type === "commission" ? [e.report] : []));
}

describe("initial account", () => {
  it("holds cash 1,000,000, AAPL +100 @ 240 and one front-month MES @ 29,750", () => {
    const { engine, mesConId } = setup();
    expect(engine.positions().map((p) => [p.instrument.conId, p.position, p.avgCost])).toEqual([
      [AAPL, 100, 240],
      [mesConId, 1, 29_750],
    ]);
    expect(engine.positions()[1]?.instrument.lastTradeDate).toBe("20250620");
    expect(engine.state()).toMatchObject({ cash: 1_000_000, netLiquidation: 1_025_250, orders: [] });
  });

  it("reports the summary tags by the margin model", () => {
    const { engine } = setup();
    expect(summary(engine)).toMatchObject({
      NetLiquidation: "1025250.00",
      TotalCashValue: "1000000.00",
      GrossPositionValue: "25000.00",
      InitMarginReq: "14300.00",
      MaintMarginReq: "7750.00",
      ExcessLiquidity: "1017500.00",
      AvailableFunds: "1010950.00",
      BuyingPower: "4070000.00",
      AccountType: "INDIVIDUAL",
    });
    const currencies = new Map(engine.accountSummary().map((row) => [row.tag, row.currency]));
    expect([currencies.get("NetLiquidation"), currencies.get("Cushion")]).toEqual(["USD", ""]);
  });

  it("marks the portfolio and P&L to the pinned prices against the prior close", () => {
    const { engine, initialClose, mesConId } = setup();
    expect(
      engine.portfolio().map((p) => [p.marketPrice, p.marketValue, p.avgCost, p.unrealizedPnl, p.realizedPnl]),
    ).toEqual([
      [250, 25_000, 240, 1_000, 0],
      [6000, 30_000, 29_750, 250, 0],
    ]);
    const daily = (250 - initialClose.aapl) * 100 + (6000 - initialClose.mes) * 5;
    expect(engine.pnl()).toEqual({ daily: Number(daily.toFixed(6)), unrealized: 1_250, realized: 0 });
    expect(engine.pnlSingle(AAPL)).toEqual({
      position: 100,
      daily: Number(((250 - initialClose.aapl) * 100).toFixed(6)),
      unrealized: 1_000,
      realized: 0,
      value: 25_000,
    });
    expect(engine.pnlSingle(mesConId)?.unrealized).toBe(250);
    expect(engine.pnlSingle(272093)).toBeUndefined();
  });

  it("follows price moves in NLV and unrealized P&L, and signals held positions only", () => {
    const { market, engine, events } = setup();
    market.pin("MSFT", { last: 1 });
    expect(events).toEqual([]);
    market.pin("AAPL", { bid: 259.99, ask: 260.01, last: 260 });
    expect(events).toEqual([{ type: "accountChanged" }]);
    expect(engine.state().netLiquidation).toBe(1_026_250);
    expect(engine.pnl().unrealized).toBe(2_250);
  });

  it("lists account-update key/values per currency", () => {
    const { engine } = setup();
    const values = engine.accountValues();
    expect(values).toContainEqual({ key: "AccountCode", value: "DU1234567", currency: "" });
    expect(values).toContainEqual({ key: "NetLiquidation", value: "1025250.00", currency: "USD" });
    expect(values).toContainEqual({ key: "CashBalance", value: "1000000.00", currency: "BASE" });
    expect(values).toContainEqual({ key: "FuturesPNL", value: "250.00", currency: "USD" });
  });
});

describe("fills", () => {
  it("moves cash and average cost with stock fills, and realizes P&L net of commission on closing fills", () => {
    const { engine, events, trade, initialClose } = setup();
    trade("BUY", 100);
    expect(engine.state().cash).toBe(974_998);
    expect(engine.positions()[0]).toMatchObject({ position: 200, avgCost: 245.005 });
    trade("SELL", 150);
    expect(commissionReports(events)).toEqual([
      { execId: "0000e0d5.00000001.01.01", commission: 1, currency: "USD" },
      { execId: "0000e0d5.00000002.01.01", commission: 1, currency: "USD", realizedPnl: 746.75 },
    ]);
    expect(engine.state()).toMatchObject({ cash: 1_012_495.5, netLiquidation: 1_025_245.5 });
    expect(engine.positions()[0]).toMatchObject({ position: 50, avgCost: 245.005 });
    const daily = (250 - initialClose.aapl) * 50 + (6000 - initialClose.mes) * 5 + 746.75;
    expect(engine.pnl()).toEqual({ daily: Number(daily.toFixed(6)), unrealized: 499.75, realized: 746.75 });
    expect(engine.pnlSingle(AAPL)?.realized).toBe(746.75);
  });

  it("moves cash only by realized P&L and commission for futures, and keeps a closed position at 0", () => {
    const { engine, trade, mesConId } = setup();
    trade("SELL", 1, mesConId);
    expect(engine.state().cash).toBe(1_000_247.9);
    expect(engine.positions()[1]).toMatchObject({ position: 0, avgCost: 0 });
    expect(engine.pnl().realized).toBe(247.9);
    expect(summary(engine).InitMarginReq).toBe("12500.00");
  });

  it("charges an option's premium to cash and margins it at 100 %", () => {
    const { market, engine, trade } = setup();
    const call = market.find({
      symbol: "AAPL",
      secType: "OPT",
      strike: 240,
      right: "C",
      lastTradeDateOrContractMonth: "20250620",
    })[0];
    trade("BUY", 1, call?.conId);
    expect(engine.state().cash).toBe(1_000_000 - 1_199 - 1);
    expect(summary(engine)).toMatchObject({ InitMarginReq: "15494.00", MaintMarginReq: "8944.00" });
    expect(engine.positions()[2]).toMatchObject({ position: 1, avgCost: 1_199 });
  });

  it("goes back to the initial account on reset", () => {
    const { engine, trade } = setup();
    trade("BUY", 100);
    trade("BUY", 5, AAPL, { orderType: "LMT", lmtPrice: 1 });
    engine.reset();
    expect(engine.state()).toMatchObject({ cash: 1_000_000, netLiquidation: 1_025_250, orders: [] });
    expect(engine.openOrders()).toEqual([]);
    expect(engine.executions({})).toEqual([]);
    expect(engine.positions().map((p) => p.position)).toEqual([100, 1]);
  });
});

describe("commissions", () => {
  it("applies the schedule per security type", () => {
    const { market, mesConId } = setup();
    const instrument = (conId: number) => market.byConId(conId) ?? market.find({ symbol: "ZZZZ", secType: "STK" })[0]!;
    const fee = (conId: number, quantity: number, price: number, firstFillOfOrder = true): number =>
      commissionFor({ instrument: instrument(conId), quantity, price, firstFillOfOrder });
    const option = market.find({ symbol: "SPY", secType: "OPT" })[0]?.conId ?? 0;
    const fx = market.find({ symbol: "EUR.USD", secType: "CASH" })[0]?.conId ?? 0;
    expect(fee(AAPL, 1000, 10)).toBe(5);
    expect(fee(AAPL, 10, 250)).toBe(1);
    expect(fee(AAPL, 10, 0.5)).toBe(0.05);
    expect(fee(mesConId, 3, 6000)).toBe(2.55);
    expect(fee(option, 1, 2)).toBe(1);
    expect(fee(option, 4, 2)).toBe(2.6);
    expect(fee(fx, 20_000, 1.1)).toBe(2);
    expect(fee(fx, 20_000, 1.1, false)).toBe(0);
  });
});

describe("what-if", () => {
  it("reports margin before, change and after with the commission, and keeps nothing", () => {
    const { engine, events } = setup();
    const result = engine.whatIf(
      order({ orderId: 7, totalQuantity: 100, whatIf: true }),
      engine.positions()[0]?.instrument,
    );
    expect(result).toEqual({
      ok: true,
      state: {
        status: "PreSubmitted",
        initMarginBefore: 14_300,
        maintMarginBefore: 7_750,
        equityWithLoanBefore: 1_025_250,
        initMarginChange: 12_500,
        maintMarginChange: 6_250,
        equityWithLoanChange: -2,
        initMarginAfter: 26_800,
        maintMarginAfter: 14_000,
        equityWithLoanAfter: 1_025_248,
        commission: 1,
        commissionCurrency: "USD",
        warningText: "",
      },
    });
    expect(events).toEqual([]);
    expect(engine.openOrders()).toEqual([]);
    expect(engine.positions()[0]?.position).toBe(100);
    expect(engine.nextOrderId(1)).toBe(8);
  });

  it("uses the limit price and futures margin rates", () => {
    const { engine, mesConId, market } = setup();
    const mes = market.byConId(mesConId);
    const result = engine.whatIf(order({ orderId: 1, orderType: "LMT", lmtPrice: 6000, totalQuantity: 2 }), mes);
    expect(result).toMatchObject({
      ok: true,
      state: { initMarginChange: 3_600, maintMarginChange: 3_000, commission: 1.7, equityWithLoanChange: -1.7 },
    });
  });

  it("refuses untradable and unknown contracts with 201, and ignores the reject-next-order fault", () => {
    const { engine, market, events } = setup();
    const spx = market.find({ symbol: "SPX", secType: "IND" })[0];
    expect(engine.whatIf(order({ orderId: 1 }), spx)).toEqual({
      ok: false,
      code: 201,
      message: "Order rejected - reason:SPX (IND) is not tradable",
    });
    expect(engine.whatIf(order({ orderId: 2 }), undefined)).toMatchObject({ ok: false, code: 201 });
    engine.rejectNextOrder();
    expect(engine.whatIf(order({ orderId: 3 }), market.byConId(AAPL))).toMatchObject({ ok: true });
    engine.place(order({ orderId: 4 }), market.byConId(AAPL));
    expect(events).toContainEqual({
      type: "orderError",
      clientId: 1,
      orderId: 4,
      code: 201,
      message: "Order rejected - reason:Simulated rejection",
    });
  });
});

const order = (fields: Partial<SimOrder> & { orderId: number }): SimOrder => simOrder(fields, {});
