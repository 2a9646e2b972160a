// Conformance: the order lifecycle through @stoqey/ib's IBApi at server versions 178 and 193 — every order type the
// engine works, fills driven by pinned prices and auctions, what-if, brackets, cancels, open orders and executions.

import { describe, expect, it } from "vitest";
import {
  EventName,
  OptionType,
  OrderAction,
  OrderType,
  SecType,
  TimeInForce,
  type Contract,
  type Order,
  type OrderState,
} from "@stoqey/ib";
import type { RunningSimulator } from "../../src/sim/index.js";
import type { TestClient } from "./support/client.js";
import { AAPL, ACCOUNT, EURUSD, MSFT, SPX, VERSIONS, useSimulator } from "./support/harness.js";

const BUY = OrderAction.BUY;
const SELL = OrderAction.SELL;

function order(fields: Order): Order {
  return { transmit: true, tif: TimeInForce.DAY, ...fields };
}

/** Resolves with the orderStatus event of `orderId` reaching `status`. */
function status(client: TestClient, orderId: number, wanted: string, since = 0) {
  return client.waitFor(EventName.orderStatus, (id: number, s: string) => id === orderId && s === wanted, since);
}

/** Pins a quote around `mid` with a one-cent spread. */
function pin(sim: RunningSimulator, symbol: string, bid: number, ask: number, last = (bid + ask) / 2) {
  sim.control.setPrices({ symbol, bid, ask, last });
}

describe.each(VERSIONS)("orders at server version %i", (version) => {
  const harness = useSimulator();

  it("fills a market order in TWS's event order and echoes the order as placed", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim, 7);
    pin(sim, "AAPL", 250, 250.02);
    client.api.placeOrder(
      1,
      AAPL,
      order({ action: BUY, totalQuantity: 10, orderType: OrderType.MKT, orderRef: "ref-1" }),
    );
    const [report] = await client.waitFor(EventName.commissionReport);
    const sequence = client.events
      .filter((e) =>
        [EventName.openOrder, EventName.orderStatus, EventName.execDetails, EventName.commissionReport].includes(
          e.name as EventName,
        ),
      )
      .map((e) =>
        e.name === EventName.orderStatus
          ? `status:${e.args[1] as string}`
          : e.name === EventName.openOrder
            ? `open:${(e.args[3] as OrderState).status}`
            : e.name,
      );
    expect(sequence).toEqual([
      "open:PreSubmitted",
      "status:PreSubmitted",
      "execDetails",
      "open:Filled",
      "status:Filled",
      "commissionReport",
    ]);
    const [, contract, placed] = client.all(EventName.openOrder)[0] as [number, Contract, Order];
    expect(contract).toMatchObject({ conId: 265598, symbol: "AAPL", exchange: "SMART" });
    expect(placed).toMatchObject({
      action: "BUY",
      totalQuantity: 10,
      orderType: "MKT",
      orderRef: "ref-1",
      account: ACCOUNT,
      clientId: 7,
      tif: "DAY",
    });
    const [, , , , avgFillPrice, permId] = await status(client, 1, "Filled");
    expect(avgFillPrice).toBe(250.02);
    expect(permId).toBeGreaterThan(0);
    const [reqId, , execution] = client.all(EventName.execDetails)[0] as [
      number,
      Contract,
      { side: string; shares: number; price: number; permId: number; execId: string },
    ];
    expect([reqId, execution.side, execution.shares, execution.price, execution.permId]).toEqual([
      -1,
      "BOT",
      10,
      250.02,
      permId,
    ]);
    expect(report).toMatchObject({ execId: execution.execId, commission: 1, currency: "USD" });
  });

  it("rests a limit order and fills it when the ask reaches the limit", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    pin(sim, "AAPL", 250, 250.02);
    client.api.placeOrder(1, AAPL, order({ action: BUY, totalQuantity: 5, orderType: OrderType.LMT, lmtPrice: 249 }));
    await status(client, 1, "Submitted");
    pin(sim, "AAPL", 248.9, 248.95);
    const [, , filled, remaining, avg] = await status(client, 1, "Filled");
    expect([filled, remaining, avg]).toEqual([5, 0, 248.95]);
  });

  it("triggers stop, stop-limit and trailing orders on the last price", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    pin(sim, "AAPL", 249.99, 250.01, 250);
    client.api.placeOrder(1, AAPL, order({ action: SELL, totalQuantity: 1, orderType: OrderType.STP, auxPrice: 245 }));
    client.api.placeOrder(
      2,
      AAPL,
      order({ action: BUY, totalQuantity: 1, orderType: OrderType.STP_LMT, auxPrice: 255, lmtPrice: 256 }),
    );
    client.api.placeOrder(3, AAPL, order({ action: SELL, totalQuantity: 1, orderType: OrderType.TRAIL, auxPrice: 2 }));
    for (const id of [1, 2, 3]) await status(client, id, "Submitted");
    pin(sim, "AAPL", 255.49, 255.51, 255.5);
    const [, , , , stopLimitFill] = await status(client, 2, "Filled");
    expect(stopLimitFill).toBe(255.51);
    pin(sim, "AAPL", 253.29, 253.31, 253.3);
    const [, , , , trailFill] = await status(client, 3, "Filled");
    expect(trailFill).toBe(253.29);
    pin(sim, "AAPL", 244.89, 244.91, 244.9);
    await status(client, 1, "Filled");
  });

  it("holds MOC and OPG orders for the auctions and cancels an unfillable IOC at once", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    pin(sim, "MSFT", 399.99, 400.01, 400);
    client.api.placeOrder(1, MSFT, order({ action: BUY, totalQuantity: 3, orderType: OrderType.MOC }));
    client.api.placeOrder(
      2,
      MSFT,
      order({ action: BUY, totalQuantity: 4, orderType: OrderType.MKT, tif: TimeInForce.OPG }),
    );
    client.api.placeOrder(
      3,
      MSFT,
      order({ action: BUY, totalQuantity: 5, orderType: OrderType.LMT, lmtPrice: 390, tif: TimeInForce.IOC }),
    );
    await status(client, 3, "Cancelled");
    await status(client, 1, "Submitted");
    await status(client, 2, "Submitted");
    sim.control.auction({ type: "close" });
    expect((await status(client, 1, "Filled"))[4]).toBe(400);
    sim.control.auction({ type: "open" });
    expect((await status(client, 2, "Filled"))[4]).toBe(400);
  });

  it("fills FX, futures and option orders", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.placeOrder(1, EURUSD, order({ action: BUY, totalQuantity: 20000, orderType: OrderType.MKT }));
    const mes = sim.control.state().positions.find((p) => p.symbol === "MES")?.localSymbol ?? "";
    const future: Contract = { secType: SecType.FUT, localSymbol: mes, exchange: "CME", currency: "USD" };
    client.api.placeOrder(2, future, order({ action: SELL, totalQuantity: 1, orderType: OrderType.MKT }));
    client.api.reqSecDefOptParams(30, "AAPL", "", SecType.STK, 265598);
    const [, , , , , expirations] = await client.waitFor(EventName.securityDefinitionOptionParameter);
    const option: Contract = {
      ...AAPL,
      secType: SecType.OPT,
      lastTradeDateOrContractMonth: (expirations as string[])[0],
      strike: 250,
      right: OptionType.Call,
    };
    client.api.placeOrder(3, option, order({ action: BUY, totalQuantity: 2, orderType: OrderType.MKT }));
    await status(client, 1, "Filled");
    await status(client, 2, "Filled");
    const [, , , , optionFill] = await status(client, 3, "Filled");
    expect(optionFill).toBeGreaterThan(0);
    const positions = sim.control.state().positions;
    expect(positions.find((p) => p.symbol === "MES")?.position ?? 0).toBe(0);
    expect(positions.find((p) => p.symbol === "EUR")?.position).toBe(20000);
    expect(positions.find((p) => p.secType === "OPT")?.position).toBe(2);
  });

  it("triggers a trailing limit order and cancels an unfillable FOK", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    pin(sim, "AAPL", 249.99, 250.01, 250);
    const trail = {
      action: SELL,
      totalQuantity: 1,
      orderType: OrderType.TRAIL_LIMIT,
      auxPrice: 2,
      lmtPriceOffset: 0.5,
    };
    client.api.placeOrder(1, AAPL, order(trail));
    client.api.placeOrder(
      2,
      AAPL,
      order({ action: BUY, totalQuantity: 5, orderType: OrderType.LMT, lmtPrice: 240, tif: TimeInForce.FOK }),
    );
    await status(client, 2, "Cancelled");
    await status(client, 1, "Submitted");
    pin(sim, "AAPL", 251.99, 252.01, 252);
    pin(sim, "AAPL", 249.99, 250.01, 250);
    const [, , , , fill] = await status(client, 1, "Filled");
    expect(fill).toBeGreaterThanOrEqual(249.5);
  });

  it("previews a what-if order with one openOrder carrying numeric margins, and keeps nothing", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.placeOrder(
      1,
      AAPL,
      order({ action: BUY, totalQuantity: 100, orderType: OrderType.LMT, lmtPrice: 200, whatIf: true }),
    );
    const [, , placed, state] = (await client.waitFor(EventName.openOrder, (id: number) => id === 1)) as [
      number,
      Contract,
      Order,
      OrderState,
    ];
    expect(placed.whatIf).toBe(true);
    expect(state.status).toBe("PreSubmitted");
    expect(state.initMarginChange).toBeGreaterThan(0);
    expect(state.maintMarginChange).toBeGreaterThan(0);
    expect(state).toMatchObject({ commission: 1, commissionCurrency: "USD" });
    client.api.placeOrder(2, SPX, order({ action: BUY, totalQuantity: 1, orderType: OrderType.MKT, whatIf: true }));
    await client.waitForError(201, 2);
    await client.barrier();
    expect(client.all(EventName.orderStatus)).toEqual([]);
    expect(sim.control.state().orders).toEqual([]);
  });

  it("works a bracket: children wait for the parent's fill, then one exit cancels the other", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    pin(sim, "AAPL", 250, 250.02);
    const exit = { action: SELL, totalQuantity: 10, parentId: 1, ocaGroup: "bracket-1", ocaType: 1 };
    client.api.placeOrder(
      1,
      AAPL,
      order({ action: BUY, totalQuantity: 10, orderType: OrderType.LMT, lmtPrice: 249, transmit: false }),
    );
    client.api.placeOrder(2, AAPL, order({ ...exit, orderType: OrderType.LMT, lmtPrice: 260, transmit: false }));
    client.api.placeOrder(3, AAPL, order({ ...exit, orderType: OrderType.STP, auxPrice: 240 }));
    await status(client, 1, "Submitted");
    expect(client.all(EventName.orderStatus, (id: number, s: string) => id > 1 && s === "Submitted")).toEqual([]);
    pin(sim, "AAPL", 248.9, 248.95);
    await status(client, 1, "Filled");
    await status(client, 2, "Submitted");
    pin(sim, "AAPL", 260.5, 260.52);
    await status(client, 2, "Filled");
    await status(client, 3, "Cancelled");
  });

  it("cancels with status Cancelled and 202, and refuses unknown (10147) and filled (10148) orders", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.placeOrder(1, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 100 }));
    client.api.placeOrder(2, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.MKT }));
    await status(client, 1, "Submitted");
    await status(client, 2, "Filled");
    client.api.cancelOrder(1);
    client.api.cancelOrder(2);
    client.api.cancelOrder(99);
    const [, , filled, remaining] = await status(client, 1, "Cancelled");
    expect([filled, remaining]).toEqual([0, 1]);
    await client.waitForError(202, 1);
    await client.waitForError(10148, 2);
    await client.waitForError(10147, 99);
  });

  it("modifies a live order in place, refuses a reused id with 103, and stages untransmitted orders", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.placeOrder(5, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 100 }));
    await status(client, 5, "Submitted");
    const since = client.mark();
    client.api.placeOrder(5, AAPL, order({ action: BUY, totalQuantity: 2, orderType: OrderType.LMT, lmtPrice: 101 }));
    const [, , modified] = (await client.waitFor(EventName.openOrder, (id: number) => id === 5, since)) as [
      number,
      Contract,
      Order,
    ];
    expect([modified.totalQuantity, modified.lmtPrice]).toEqual([2, 101]);
    client.api.placeOrder(3, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.MKT }));
    await client.waitForError(103, 3);
    client.api.placeOrder(6, AAPL, { action: BUY, totalQuantity: 1, orderType: OrderType.MKT });
    await status(client, 6, "PreSubmitted");
    await client.barrier();
    expect(client.all(EventName.orderStatus, (id: number, s: string) => id === 6 && s !== "PreSubmitted")).toEqual([]);
  });

  it("rejects the next order under the reject-next-order fault with 201 and Inactive", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    sim.control.addFault({ kind: "reject-next-order", reason: "Margin check" });
    client.api.placeOrder(1, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.MKT }));
    const [, , text] = await client.waitForError(201, 1);
    expect(text).toBe("Order rejected - reason:Margin check");
    await status(client, 1, "Inactive");
    expect(sim.control.state().faults).toEqual([]);
    client.api.placeOrder(2, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.MKT }));
    await status(client, 2, "Filled");
  });

  it("routes order events to the owner only; open orders are per client, all open orders span clients", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const alice = await harness.connect(sim, 1);
    const bob = await harness.connect(sim, 2);
    alice.api.placeOrder(1, AAPL, order({ action: BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 100 }));
    bob.api.placeOrder(1, MSFT, order({ action: BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 100 }));
    await status(alice, 1, "Submitted");
    await status(bob, 1, "Submitted");
    expect(alice.all(EventName.openOrder).map(([, c]) => (c as Contract).symbol)).toEqual(["AAPL", "AAPL"]);
    let since = bob.mark();
    bob.api.reqOpenOrders();
    await bob.waitFor(EventName.openOrderEnd, () => true, since);
    expect(bob.all(EventName.openOrder, () => true, since).map(([, c]) => (c as Contract).symbol)).toEqual(["MSFT"]);
    since = bob.mark();
    bob.api.reqAllOpenOrders();
    await bob.waitFor(EventName.openOrderEnd, () => true, since);
    expect(
      bob
        .all(EventName.openOrder, () => true, since)
        .map(([, c]) => (c as Contract).symbol)
        .sort(),
    ).toEqual(["AAPL", "MSFT"]);
    expect(bob.all(EventName.orderStatus, () => true, since)).toHaveLength(2);
    bob.api.reqGlobalCancel();
    await status(alice, 1, "Cancelled");
    await status(bob, 1, "Cancelled");
  });

  it("lists today's executions with their commissions, filtered", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.placeOrder(1, AAPL, order({ action: BUY, totalQuantity: 2, orderType: OrderType.MKT }));
    client.api.placeOrder(2, MSFT, order({ action: SELL, totalQuantity: 3, orderType: OrderType.MKT }));
    await status(client, 2, "Filled");
    const since = client.mark();
    client.api.reqExecutions(21, {});
    client.api.reqExecutions(22, { symbol: "MSFT" });
    client.api.reqExecutions(23, { side: "BUY" });
    for (const id of [21, 22, 23]) await client.waitFor(EventName.execDetailsEnd, (r: number) => r === id, since);
    const of = (reqId: number) =>
      client.all(EventName.execDetails, (id: number) => id === reqId, since).map(([, c]) => (c as Contract).symbol);
    expect(of(21).sort()).toEqual(["AAPL", "MSFT"]);
    expect(of(22)).toEqual(["MSFT"]);
    expect(of(23)).toEqual(["AAPL"]);
    expect(client.all(EventName.commissionReport, () => true, since)).toHaveLength(4);
  });
});
