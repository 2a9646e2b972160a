import { describe, expect, it } from "vitest";
import type { Instrument } from "../market/index.js";
import { AAPL, engineFixture, NOW, simOrder } from "./testing.js";
import type { EngineEvent, OrderView, SimOrder } from "./types.js";

function setup() {
  const { market, engine, events } = engineFixture();
  market.pin("AAPL", { bid: 99, ask: 101, last: 100 });
  events.length = 0;
  const aapl = market.byConId(AAPL);
  const place = (fields: Partial<SimOrder> & { orderId: number }, instrument: Instrument | undefined = aapl): void =>
    engine.place(order(fields), instrument);
  return { market, engine, events, place };
}

function statusOf(events: EngineEvent[], orderId: number, clientId = 1): OrderView | undefined {
  const statuses = events.filter(
    (e): e is Extract<EngineEvent, { type: "orderStatus" }> =>
      e.type === "orderStatus" && e.order.order.orderId === orderId && e.order.order.clientId === clientId,
  );
  return statuses.at(-1)?.order;
}

function errorsOf(events: EngineEvent[], orderId: number): string[] {
  return events.flatMap((e) => (e.type === "orderError" && e.orderId === orderId ? [`${e.code} ${e.message}`] : []));
}

function placeBracket(place: ReturnType<typeof setup>["place"], stopLossTransmit = true): void {
  place({ orderId: 1, totalQuantity: 100, lmtPrice: 95, transmit: false });
  const leg = {
    parentId: 1,
    action: "SELL" as const,
    totalQuantity: 100,
    tif: "GTC",
    ocaGroup: "bracket_1",
    ocaType: 1,
  };
  place({ ...leg, orderId: 2, lmtPrice: 110, transmit: false });
  place({ ...leg, orderId: 3, orderType: "STP", lmtPrice: undefined, auxPrice: 90, transmit: stopLossTransmit });
}

describe("brackets and staging", () => {
  it("activates a staged bracket with its last leg; children wait for the parent, then OCA cancels the loser", () => {
    const { market, engine, events, place } = setup();
    placeBracket(place);
    expect([1, 2, 3].map((id) => statusOf(events, id)?.status)).toEqual(["Submitted", "PreSubmitted", "PreSubmitted"]);
    expect(engine.state().orders.map((o) => [o.orderType, o.action, o.transmit, o.parentId, o.ocaGroup])).toEqual([
      ["LMT", "BUY", false, 0, ""],
      ["LMT", "SELL", false, 1, "bracket_1"],
      ["STP", "SELL", true, 1, "bracket_1"],
    ]);
    market.pin("AAPL", { bid: 94.9, ask: 95, last: 95 });
    expect(statusOf(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 95 });
    expect([2, 3].map((id) => statusOf(events, id)?.status)).toEqual(["Submitted", "Submitted"]);
    market.pin("AAPL", { bid: 110, ask: 110.1, last: 110 });
    expect(statusOf(events, 2)).toMatchObject({ status: "Filled", avgFillPrice: 110 });
    expect(statusOf(events, 3)?.status).toBe("Cancelled");
    expect(errorsOf(events, 3)).toEqual(["202 Order Canceled - reason:"]);
  });

  it("keeps a fully staged bracket PreSubmitted through price moves until a leg is re-sent transmitted", () => {
    const { market, engine, events, place } = setup();
    placeBracket(place, false);
    market.pin("AAPL", { bid: 90, ask: 90.1, last: 90 });
    expect(engine.openOrders().map((o) => o.status)).toEqual(["PreSubmitted", "PreSubmitted", "PreSubmitted"]);
    place({
      orderId: 3,
      parentId: 1,
      action: "SELL",
      totalQuantity: 100,
      orderType: "STP",
      auxPrice: 85,
      tif: "GTC",
      ocaGroup: "bracket_1",
      ocaType: 1,
    });
    expect(statusOf(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 90.1 });
    expect([2, 3].map((id) => statusOf(events, id)?.status)).toEqual(["Submitted", "Submitted"]);
  });

  it("cancels the children with the parent", () => {
    const { engine, events, place } = setup();
    placeBracket(place);
    engine.cancel(1, 1);
    expect([1, 2, 3].map((id) => statusOf(events, id)?.status)).toEqual(["Cancelled", "Cancelled", "Cancelled"]);
    expect(engine.openOrders()).toEqual([]);
  });

  it("rejects a child whose parent does not exist", () => {
    const { events, place } = setup();
    place({ orderId: 4, parentId: 3 });
    expect(errorsOf(events, 4)).toEqual(["201 Order rejected - reason:Parent order 3 not found"]);
  });
});

describe("OCA groups", () => {
  it("type 1: a fill cancels the other members", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, lmtPrice: 98, ocaGroup: "g", ocaType: 1 });
    place({ orderId: 2, lmtPrice: 97, ocaGroup: "g", ocaType: 1 });
    market.pin("AAPL", { bid: 97.9, ask: 98, last: 98 });
    expect(statusOf(events, 1)?.status).toBe("Filled");
    expect(statusOf(events, 2)?.status).toBe("Cancelled");
  });

  it("types 2 and 3: the others are reduced by the filled quantity and cancelled at 0", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1, ocaGroup: "r", ocaType: 2 });
    place({ orderId: 2, ocaGroup: "r", ocaType: 2 });
    place({ orderId: 3, ocaGroup: "r", ocaType: 3 });
    const first = engine.openOrders()[0];
    engine.forceFill(first?.permId ?? 0, 4, 50);
    expect(engine.openOrders().map((o) => [o.order.orderId, o.order.totalQuantity, o.remaining])).toEqual([
      [1, 10, 6],
      [2, 6, 6],
      [3, 6, 6],
    ]);
    engine.forceFill(first?.permId ?? 0, 6, 50);
    expect([1, 2, 3].map((id) => statusOf(events, id)?.status)).toEqual(["Filled", "Cancelled", "Cancelled"]);
  });
});

describe("order ids and modification", () => {
  it("hands out 1 to a new client and one above its highest id afterwards, per client", () => {
    const { engine, place } = setup();
    expect(engine.nextOrderId(1)).toBe(1);
    place({ orderId: 5 });
    expect(engine.nextOrderId(1)).toBe(6);
    expect(engine.nextOrderId(2)).toBe(1);
  });

  it("rejects an id at or below the highest used with 103, and modifies a live order sent again", () => {
    const { engine, events, place } = setup();
    place({ orderId: 5 });
    place({ orderId: 4 });
    expect(errorsOf(events, 4)).toEqual(["103 Duplicate order id"]);
    const permId = engine.openOrders()[0]?.permId;
    place({ orderId: 5, lmtPrice: 60, totalQuantity: 20 });
    expect(engine.openOrders()).toHaveLength(1);
    expect(engine.openOrders()[0]).toMatchObject({ permId, remaining: 20, order: { lmtPrice: 60 } });
    place({ orderId: 5, lmtPrice: 101 });
    expect(statusOf(events, 5)).toMatchObject({ status: "Filled", permId, avgFillPrice: 101 });
    place({ orderId: 5, lmtPrice: 102 });
    expect(errorsOf(events, 5)).toEqual(["104 Can't modify a filled order."]);
  });

  it("refuses to reuse the id of a cancelled order", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1 });
    engine.cancel(1, 1);
    place({ orderId: 1 });
    expect(errorsOf(events, 1)).toEqual(["202 Order Canceled - reason:", "103 Duplicate order id"]);
  });
});

describe("rejections", () => {
  const cases: [Partial<SimOrder>, boolean, string][] = [
    [{}, false, "No security definition has been found for the request"],
    [{ account: "U999" }, true, "Account U999 is not a managed account"],
    [{ lmtPrice: undefined }, true, "LMT orders require a limit price"],
    [{ orderType: "STP" }, true, "STP orders require a stop price"],
    [{ orderType: "TRAIL" }, true, "TRAIL orders require a trailing amount or a trailing percent"],
    [{ orderType: "MOC", tif: "GTC" }, true, "MOC orders require time in force DAY"],
    [{ orderType: "STP", auxPrice: 90, tif: "OPG" }, true, "Time in force OPG is valid only for MKT and LMT orders"],
    [{ totalQuantity: 0 }, true, "Order quantity must be positive"],
  ];
  it.each(cases)("rejects %o (known contract: %s) with 201 and status Inactive", (fields, knownContract, reason) => {
    const { engine, events, market } = setup();
    engine.place(order({ orderId: 1, ...fields }), knownContract ? market.byConId(AAPL) : undefined);
    expect(errorsOf(events, 1)).toEqual([`201 Order rejected - reason:${reason}`]);
    expect(statusOf(events, 1)).toMatchObject({ status: "Inactive", filled: 0, remaining: fields.totalQuantity ?? 10 });
    expect(engine.openOrders()).toEqual([]);
  });

  it("rejects orders for an index as not tradable", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, orderType: "MKT" }, market.find({ symbol: "SPX", secType: "IND" })[0]);
    expect(errorsOf(events, 1)).toEqual(["201 Order rejected - reason:SPX (IND) is not tradable"]);
  });

  it("rejects exactly the next new order when the fault is armed", () => {
    const { engine, events, place } = setup();
    engine.rejectNextOrder();
    place({ orderId: 1 });
    place({ orderId: 2 });
    engine.rejectNextOrder("Margin");
    place({ orderId: 3 });
    expect(errorsOf(events, 1)).toEqual(["201 Order rejected - reason:Simulated rejection"]);
    expect(statusOf(events, 2)?.status).toBe("Submitted");
    expect(errorsOf(events, 3)).toEqual(["201 Order rejected - reason:Margin"]);
  });

  it("keeps the rejection armed across a modification and withdraws it on clear", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1 });
    engine.rejectNextOrder("Margin");
    place({ orderId: 1, totalQuantity: 20 });
    expect(engine.armedRejection()).toBe("Margin");
    engine.clearRejectNextOrder();
    place({ orderId: 2 });
    expect(engine.armedRejection()).toBeUndefined();
    expect(errorsOf(events, 1)).toEqual([]);
    expect(errorsOf(events, 2)).toEqual([]);
    expect(statusOf(events, 2)?.status).toBe("Submitted");
  });
});

describe("cancel", () => {
  it("cancels a working order with Cancelled and 202; unknown ids get 10147, filled ones 10148", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1 });
    engine.cancel(1, 1);
    expect(statusOf(events, 1)).toMatchObject({ status: "Cancelled", filled: 0, remaining: 10 });
    expect(errorsOf(events, 1)).toEqual(["202 Order Canceled - reason:"]);
    engine.cancel(1, 99);
    expect(errorsOf(events, 99)).toEqual(["10147 OrderId 99 that needs to be cancelled is not found."]);
    place({ orderId: 2, orderType: "MKT" });
    engine.cancel(1, 2);
    expect(errorsOf(events, 2)).toEqual([
      "10148 OrderId 2 that needs to be cancelled cannot be cancelled, state: Filled.",
    ]);
    engine.cancel(2, 1);
    expect(events.at(-1)).toMatchObject({ type: "orderError", clientId: 2, orderId: 1, code: 10147 });
  });

  it("global cancel cancels every working order of every client", () => {
    const { engine, market, place } = setup();
    place({ orderId: 1 });
    engine.place(order({ orderId: 1, clientId: 2 }), market.byConId(AAPL));
    expect(engine.openOrders(2)).toHaveLength(1);
    engine.globalCancel();
    expect(engine.openOrders()).toEqual([]);
    expect(engine.state().orders.map((o) => o.status)).toEqual(["Cancelled", "Cancelled"]);
  });
});

describe("forced partial fills", () => {
  it("fills part of a working order, keeps it Submitted, and a cancel keeps the filled part", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1 });
    const view = engine.forceFill(engine.openOrders()[0]?.permId ?? 0, 4, 50);
    expect(view).toMatchObject({ status: "Submitted", filled: 4, remaining: 6, avgFillPrice: 50 });
    expect(events.slice(-4).map((e) => e.type)).toEqual(["execution", "orderStatus", "commission", "accountChanged"]);
    engine.cancel(1, 1);
    expect(statusOf(events, 1)).toMatchObject({ status: "Cancelled", filled: 4, remaining: 6 });
  });

  it("defaults to the touch and refuses unknown or finished orders", () => {
    const { engine, place } = setup();
    place({ orderId: 1, action: "SELL", lmtPrice: 150 });
    const permId = engine.openOrders()[0]?.permId ?? 0;
    expect(engine.forceFill(permId, 25)).toMatchObject({ status: "Filled", filled: 10, avgFillPrice: 99 });
    expect(engine.forceFill(permId, 1)).toBeUndefined();
    expect(engine.forceFill(42, 1)).toBeUndefined();
  });
});

describe("connectivity", () => {
  it("accepts orders but does not work them until working resumes", () => {
    const { engine, events, place } = setup();
    engine.setWorking(false);
    place({ orderId: 1, orderType: "MKT" });
    engine.auction("close");
    expect(statusOf(events, 1)?.status).toBe("PreSubmitted");
    engine.setWorking(true);
    expect(statusOf(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 101 });
  });
});

describe("open orders and executions", () => {
  it("lists working orders per client and filters executions", () => {
    const { engine, market, place } = setup();
    place({ orderId: 1 });
    place({ orderId: 2, orderType: "MKT" });
    engine.place(order({ orderId: 1, clientId: 2, action: "SELL", orderType: "MKT" }), market.byConId(AAPL));
    expect(engine.openOrders(1).map((o) => o.order.orderId)).toEqual([1]);
    expect(engine.openOrders(2)).toEqual([]);
    expect(engine.executions({}).map((e) => e.execution.execId)).toEqual([
      "0000e0d5.00000001.01.01",
      "0000e0d5.00000002.01.01",
    ]);
    expect(engine.executions({ side: "SELL" }).map((e) => e.execution.clientId)).toEqual([2]);
    expect(engine.executions({ clientId: 1, symbol: "AAPL", secType: "STK" })).toHaveLength(1);
    expect(engine.executions({ symbol: "MSFT" })).toEqual([]);
    expect(engine.executions({ timeMs: NOW + 1 })).toEqual([]);
    expect(engine.executions({})[0]?.commission).toEqual({
      execId: "0000e0d5.00000001.01.01",
      commission: 1,
      currency: "USD",
    });
  });

  it("numbers permIds from 1,000,001 and exec ids in hex, both unique across a reset", () => {
    const { engine, place } = setup();
    for (let id = 1; id <= 10; id++) place({ orderId: id, orderType: "MKT", totalQuantity: 1 });
    engine.reset();
    place({ orderId: 11, orderType: "MKT", totalQuantity: 1 });
    expect(engine.state().orders[0]?.permId).toBe(1_000_011);
    expect(engine.executions({})[0]?.execution.execId).toBe("0000e0d5.0000000b.01.01");
  });
});

const order = (fields: Partial<SimOrder> & { orderId: number }): SimOrder =>
  simOrder(fields, { totalQuantity: 10, orderType: "LMT", lmtPrice: 50 });
