import { describe, expect, it } from "vitest";
import { AAPL, engineFixture, simOrder } from "./testing.js";
import type { EngineEvent, OrderView, SimOrder } from "./types.js";

function setup() {
  const { market, engine, events } = engineFixture();
  market.pin("AAPL", { bid: 99, ask: 101, last: 100 });
  events.length = 0;
  const aapl = market.byConId(AAPL);
  const place = (fields: Partial<SimOrder> & { orderId: number }): void => engine.place(order(fields), aapl);
  return { market, engine, events, place };
}

/** Compact, readable event log: "status:<id>:<status>", "fill:<id>:<side> <qty>@<price>", "error:<id>:<code>". */
function trace(events: EngineEvent[]): string[] {
  return events.map((event) => {
    if (event.type === "openOrder") return `open:${event.order.order.orderId}:${event.order.status}`;
    if (event.type === "orderStatus") return `status:${event.order.order.orderId}:${event.order.status}`;
    if (event.type === "execution") {
      const { orderId, side, shares, price } = event.execution;
      return `fill:${orderId}:${side} ${shares}@${price}`;
    }
    if (event.type === "commission") return `commission:${event.report.commission}`;
    if (event.type === "orderError") return `error:${event.orderId}:${event.code}`;
    return event.type;
  });
}

function lastStatus(events: EngineEvent[], orderId: number): OrderView | undefined {
  const statuses = events.filter(
    (e): e is Extract<EngineEvent, { type: "orderStatus" }> =>
      e.type === "orderStatus" && e.order.order.orderId === orderId,
  );
  return statuses.at(-1)?.order;
}

describe("MKT", () => {
  it("fills a marketable order at once: open order, PreSubmitted, execution, Filled, commission", () => {
    const { events, place } = setup();
    place({ orderId: 1 });
    expect(trace(events)).toEqual([
      "open:1:PreSubmitted",
      "status:1:PreSubmitted",
      "fill:1:BOT 10@101",
      "open:1:Filled",
      "status:1:Filled",
      "commission:1",
      "accountChanged",
    ]);
    expect(lastStatus(events, 1)).toMatchObject({
      filled: 10,
      remaining: 0,
      avgFillPrice: 101,
      lastFillPrice: 101,
      permId: 1_000_001,
    });
    const execution = events.find((e) => e.type === "execution");
    expect(execution).toMatchObject({
      execution: {
        execId: "0000e0d5.00000001.01.01",
        permId: 1_000_001,
        account: "DU1234567",
        exchange: "NASDAQ",
        cumQty: 10,
        avgPrice: 101,
      },
    });
  });

  it("sells at the bid, and at the last price when that side is 0", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, action: "SELL" });
    expect(trace(events)).toContain("fill:1:SLD 10@99");
    market.pin("AAPL", { bid: 0, ask: 0, last: 100 });
    place({ orderId: 2, action: "SELL" });
    expect(trace(events)).toContain("fill:2:SLD 10@100");
  });
});

describe("LMT", () => {
  it("rests when not marketable and fills at the ask once it reaches the limit (never worse)", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, orderType: "LMT", lmtPrice: 98, totalQuantity: 1 });
    expect(trace(events)).toEqual([
      "open:1:PreSubmitted",
      "status:1:PreSubmitted",
      "open:1:Submitted",
      "status:1:Submitted",
    ]);
    market.pin("AAPL", { bid: 98.4, ask: 98.5, last: 98.45 });
    expect(lastStatus(events, 1)?.status).toBe("Submitted");
    market.pin("AAPL", { bid: 97.4, ask: 97.5, last: 97.45 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 97.5 });
  });

  it("fills a SELL at the bid when the bid is at or above the limit", () => {
    const { events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "LMT", lmtPrice: 98 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 99 });
  });
});

describe("STP and STP LMT", () => {
  it("triggers a SELL stop when last <= stop and fills as MKT at the bid", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "STP", auxPrice: 95, totalQuantity: 1 });
    expect(lastStatus(events, 1)?.status).toBe("Submitted");
    market.pin("AAPL", { bid: 95.5, ask: 95.7, last: 95.1 });
    expect(lastStatus(events, 1)?.status).toBe("Submitted");
    market.pin("AAPL", { bid: 93.9, ask: 94.1, last: 94 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 93.9 });
  });

  it("fills at once when the BUY stop is already crossed", () => {
    const { events, place } = setup();
    place({ orderId: 1, orderType: "STP", auxPrice: 99.5 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 101 });
  });

  it("becomes a limit order at lmtPrice once triggered", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "STP LMT", auxPrice: 95, lmtPrice: 94.5 });
    market.pin("AAPL", { bid: 94, ask: 94.2, last: 94.8 });
    expect(lastStatus(events, 1)?.status).toBe("Submitted");
    market.pin("AAPL", { bid: 94.6, ask: 94.8, last: 96 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 94.6 });
  });
});

describe("TRAIL and TRAIL LIMIT", () => {
  it("raises a SELL stop with the highest last price (amount) and triggers when last falls to it", () => {
    const { market, engine, events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "TRAIL", auxPrice: 5 });
    expect(engine.openOrders()[0]?.order.trailStopPrice).toBe(95);
    market.pin("AAPL", { bid: 109.9, ask: 110.1, last: 110 });
    market.pin("AAPL", { bid: 105.9, ask: 106.1, last: 106 });
    expect(engine.openOrders()[0]?.order.trailStopPrice).toBe(105);
    market.pin("AAPL", { bid: 104.8, ask: 105, last: 104.9 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 104.8 });
  });

  it("lowers a BUY stop with the lowest last price (percent) and triggers when last rises to it", () => {
    const { market, engine, events, place } = setup();
    place({ orderId: 1, orderType: "TRAIL", trailingPercent: 2 });
    expect(engine.openOrders()[0]?.order.trailStopPrice).toBe(102);
    market.pin("AAPL", { bid: 89.9, ask: 90.1, last: 90 });
    expect(engine.openOrders()[0]?.order.trailStopPrice).toBe(91.8);
    market.pin("AAPL", { bid: 91.95, ask: 92.05, last: 92 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 92.05 });
  });

  it("starts from trailStopPrice when it is tighter than the trail", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "TRAIL", auxPrice: 5, trailStopPrice: 98 });
    market.pin("AAPL", { bid: 97.9, ask: 98.1, last: 98 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 97.9 });
  });

  it("becomes a limit at stop − offset (SELL) once triggered", () => {
    const { market, events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "TRAIL LIMIT", auxPrice: 2, lmtPriceOffset: 0.5 });
    market.pin("AAPL", { bid: 97.4, ask: 97.6, last: 97.9 });
    expect(lastStatus(events, 1)?.status).toBe("Submitted");
    market.pin("AAPL", { bid: 97.6, ask: 97.8, last: 97.7 });
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 97.6 });
  });
});

describe("auctions", () => {
  it("rests MOC until the closing auction, then fills at last", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1, action: "SELL", orderType: "MOC", totalQuantity: 5 });
    engine.auction("open");
    expect(lastStatus(events, 1)?.status).toBe("Submitted");
    engine.auction("close");
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 100, filled: 5 });
  });

  it("fills tif OPG orders at last in the opening auction; a limit that does not allow it is cancelled", () => {
    const { engine, events, place } = setup();
    place({ orderId: 1, action: "SELL", tif: "OPG", totalQuantity: 50 });
    place({ orderId: 2, orderType: "LMT", lmtPrice: 95, tif: "OPG" });
    place({ orderId: 3, orderType: "LMT", lmtPrice: 100.5, tif: "OPG" });
    engine.auction("close");
    expect(engine.openOrders()).toHaveLength(3);
    engine.auction("open");
    expect(lastStatus(events, 1)).toMatchObject({ status: "Filled", avgFillPrice: 100 });
    expect(lastStatus(events, 2)?.status).toBe("Cancelled");
    expect(trace(events)).toContain("error:2:202");
    expect(lastStatus(events, 3)).toMatchObject({ status: "Filled", avgFillPrice: 100 });
  });
});

describe("IOC and FOK", () => {
  it("cancels at once what cannot fill in full at once, and fills what can", () => {
    const { events, place } = setup();
    place({ orderId: 1, orderType: "LMT", lmtPrice: 100, tif: "IOC" });
    expect(trace(events)).toEqual([
      "open:1:PreSubmitted",
      "status:1:PreSubmitted",
      "status:1:Cancelled",
      "error:1:202",
    ]);
    place({ orderId: 2, orderType: "LMT", lmtPrice: 101, tif: "FOK" });
    expect(lastStatus(events, 2)).toMatchObject({ status: "Filled", filled: 10 });
  });
});

const order = (fields: Partial<SimOrder> & { orderId: number }): SimOrder => simOrder(fields, { totalQuantity: 10 });
