import { describe, expect, it } from "vitest";
import { Market } from "../market/index.js";
import { Engine } from "./engine.js";
import type { EngineEvent, SimOrder } from "./types.js";

const NOW = Date.UTC(2025, 5, 4, 18, 0);

function order(orderId: number, fields: Partial<SimOrder>): SimOrder {
  return {
    orderId,
    clientId: 3,
    action: "BUY",
    totalQuantity: 5,
    orderType: "MKT",
    tif: "DAY",
    ocaGroup: "",
    ocaType: 0,
    account: "",
    orderRef: "",
    transmit: true,
    parentId: 0,
    outsideRth: false,
    whatIf: false,
    ...fields,
  };
}

/** One fixed request sequence against a fresh simulator; returns everything a client would observe. */
function run(seed: number) {
  const clock = { now: () => NOW };
  const market = new Market({ seed, clock });
  const engine = new Engine({ market, clock, account: "DU1234567" });
  const events: EngineEvent[] = [];
  engine.on((event) => events.push(event));
  const [zzzz] = market.find({ symbol: "ZZZZ", secType: "STK" });
  const firstQuotes = [265598, zzzz?.conId ?? 0].map((conId) => market.quote(conId));
  for (let step = 0; step < 5; step++) market.walkOnce();
  engine.place(order(1, {}), zzzz);
  engine.place(order(2, { orderType: "LMT", lmtPrice: 1, action: "SELL" }), market.byConId(265598));
  engine.place(order(3, { action: "SELL", totalQuantity: 2 }), market.byConId(265598));
  const bars = market.historicalBars({
    conId: 265598,
    endMs: NOW,
    duration: "1 D",
    barSize: "30 mins",
    whatToShow: "TRADES",
    useRTH: true,
  });
  return {
    firstQuotes,
    walkedQuote: market.quote(265598),
    permIds: engine.state().orders.map((o) => o.permId),
    execIds: engine.executions({}).map((e) => `${e.execution.execId} ${e.execution.price}`),
    events: events.length,
    bars,
  };
}

describe("determinism", () => {
  it("gives the same prices, permIds, execution ids and bars for the same seed and request sequence", () => {
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(first.permIds).toEqual([1_000_001, 1_000_002, 1_000_003]);
    expect(first.execIds.map((id) => id.split(" ")[0])).toEqual([
      "0000e0d5.00000001.01.01",
      "0000e0d5.00000002.01.01",
      "0000e0d5.00000003.01.01",
    ]);
  });

  it("gives other prices and bars for another seed", () => {
    const [a, b] = [run(7), run(8)];
    expect(b.firstQuotes).not.toEqual(a.firstQuotes);
    expect(b.bars).not.toEqual(a.bars);
  });
});
