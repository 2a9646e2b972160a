// Unit tests of tick rounds (live, delayed, generic ticks) and of the change filter of streaming lines.

import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../codec/index.js";
import { TickMemory, tickRound } from "./ticks.js";

const QUOTE = {
  bid: 99.99,
  ask: 100.01,
  last: 100,
  bidSize: 100,
  askSize: 200,
  lastSize: 50,
  volume: 1_000_000,
  high: 101,
  low: 99,
  open: 99.5,
  close: 99.8,
};
const NOW_MS = 1_735_828_200_000;
const ids = (messages: ServerMessage[]) => messages.map((m) => `${m.type}:${"tickType" in m ? m.tickType : ""}`);

describe("tickRound", () => {
  it("sends live prices each followed by its size, volume, high/low/close/open, timestamp and halted", () => {
    const round = tickRound({ reqId: 7, quote: QUOTE, delayed: false, genericTicks: [], nowMs: NOW_MS });
    expect(ids(round)).toEqual([
      "tickPrice:1",
      "tickSize:0",
      "tickPrice:2",
      "tickSize:3",
      "tickPrice:4",
      "tickSize:5",
      "tickSize:8",
      "tickPrice:6",
      "tickPrice:7",
      "tickPrice:9",
      "tickPrice:14",
      "tickString:45",
      "tickGeneric:49",
    ]);
    expect(round[2]).toEqual({ type: "tickPrice", reqId: 7, tickType: 2, price: 100.01, size: 200, attrMask: 0 });
    expect(round.slice(0, 6).filter((m) => m.type === "tickSize")).toEqual([
      { type: "tickSize", reqId: 7, tickType: 0, size: 100 },
      { type: "tickSize", reqId: 7, tickType: 3, size: 200 },
      { type: "tickSize", reqId: 7, tickType: 5, size: 50 },
    ]);
    expect(round[11]).toMatchObject({ value: "1735828200" });
  });

  it("uses the delayed tick ids and no generic ticks for delayed data", () => {
    const round = tickRound({ reqId: 7, quote: QUOTE, delayed: true, genericTicks: ["233"], nowMs: NOW_MS });
    expect(ids(round)).toEqual([
      "tickPrice:66",
      "tickSize:69",
      "tickPrice:67",
      "tickSize:70",
      "tickPrice:68",
      "tickSize:71",
      "tickSize:74",
      "tickPrice:72",
      "tickPrice:73",
      "tickPrice:75",
      "tickPrice:76",
      "tickString:88",
      "tickGeneric:90",
    ]);
  });

  it("adds mark price, RT volume and shortable ticks when asked, and skips prices that are 0", () => {
    const index = { ...QUOTE, bid: 0, ask: 0 };
    const round = tickRound({
      reqId: 1,
      quote: index,
      delayed: false,
      genericTicks: ["221", "233", "236"],
      nowMs: NOW_MS,
    });
    expect(ids(round)).not.toContain("tickPrice:1");
    expect(ids(round)).toEqual(expect.arrayContaining(["tickString:48", "tickGeneric:46", "tickSize:89"]));
    expect(ids(round)).not.toContain("tickPrice:37");
    const full = tickRound({ reqId: 1, quote: QUOTE, delayed: false, genericTicks: ["221"], nowMs: NOW_MS });
    expect(full.find((m) => m.type === "tickPrice" && m.tickType === 37)).toMatchObject({ price: 100 });
  });
});

describe("TickMemory", () => {
  it("resends only what changed, and the timestamp only with a new last price", () => {
    const memory = new TickMemory();
    const first = tickRound({ reqId: 1, quote: QUOTE, delayed: false, genericTicks: [], nowMs: NOW_MS });
    expect(memory.changed(first)).toEqual(first);
    const bidOnly = tickRound({
      reqId: 1,
      quote: { ...QUOTE, bid: 99.98 },
      delayed: false,
      genericTicks: [],
      nowMs: NOW_MS + 1000,
    });
    expect(ids(memory.changed(bidOnly))).toEqual(["tickPrice:1"]);
    const sizeOnly = tickRound({
      reqId: 1,
      quote: { ...QUOTE, bid: 99.98, bidSize: 300 },
      delayed: false,
      genericTicks: [],
      nowMs: NOW_MS + 1500,
    });
    expect(ids(memory.changed(sizeOnly))).toEqual(["tickPrice:1", "tickSize:0"]);
    const trade = tickRound({
      reqId: 1,
      quote: { ...QUOTE, bid: 99.98, bidSize: 300, last: 100.01 },
      delayed: false,
      genericTicks: [],
      nowMs: NOW_MS + 2000,
    });
    expect(ids(memory.changed(trade))).toEqual(["tickPrice:4", "tickString:45"]);
  });

  it("sends a withdrawn bid or ask once as price -1 with size 0, and the side again when it returns", () => {
    const memory = new TickMemory();
    const round = (bid: number) =>
      tickRound({ reqId: 7, quote: { ...QUOTE, bid }, delayed: false, genericTicks: [], nowMs: NOW_MS });
    memory.changed(round(99.99));
    const closed = memory.changed(round(0));
    expect(closed).toEqual([
      { type: "tickPrice", reqId: 7, tickType: 1, price: -1, size: 0, attrMask: 0 },
      { type: "tickSize", reqId: 7, tickType: 0, size: 0 },
    ]);
    expect(memory.changed(round(0))).toEqual([]);
    expect(ids(memory.changed(round(99.97)))).toEqual(["tickPrice:1", "tickSize:0"]);
  });
});
