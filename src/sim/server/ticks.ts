// One round of market-data ticks for a quote: live or delayed tick ids, optional generic
// ticks, and the change filter a streaming line uses so it only resends what moved. Pure: quote and time in, messages out.

import type { ServerMessage } from "../codec/index.js";
import type { Quote } from "../market/index.js";

/** Live tick id → delayed tick id. */
const DELAYED: Readonly<Record<number, number>> = {
  0: 69,
  1: 66,
  2: 67,
  3: 70,
  4: 68,
  5: 71,
  6: 72,
  7: 73,
  8: 74,
  9: 75,
  14: 76,
  45: 88,
  49: 90,
};
const SHORTABLE_SHARES = 1_000_000;

export interface TickRound {
  reqId: number;
  quote: Quote;
  delayed: boolean;
  genericTicks: readonly string[];
  nowMs: number;
}

/** Live ticks 1/0, 2/3, 4/5 (price, then its size), 8 volume, then the day's range; delayed rounds map each id. */
export function tickRound({ reqId, quote: q, delayed, genericTicks, nowMs }: TickRound): ServerMessage[] {
  const id = (live: number) => (delayed ? (DELAYED[live] ?? live) : live);
  const price = (tickType: number, value: number, size: number): ServerMessage => ({
    type: "tickPrice",
    reqId,
    tickType: id(tickType),
    price: value,
    size,
    attrMask: 0,
  });
  const size = (tickType: number, value: number): ServerMessage => ({
    type: "tickSize",
    reqId,
    tickType: id(tickType),
    size: value,
  });
  const out: ServerMessage[] = [];
  // Each priced side is followed by its own TICK_SIZE, as TWS does: clients that ignore the size embedded in the
  // price (or drop a synthetic size 0 tick type, as `@stoqey/ib` does for bid size) still learn every size.
  if (q.bid > 0) out.push(price(1, q.bid, q.bidSize), size(0, q.bidSize));
  if (q.ask > 0) out.push(price(2, q.ask, q.askSize), size(3, q.askSize));
  if (q.last > 0) out.push(price(4, q.last, q.lastSize), size(5, q.lastSize));
  if (q.volume > 0) out.push(size(8, q.volume));
  for (const [tickType, value] of [
    [6, q.high],
    [7, q.low],
    [9, q.close],
    [14, q.open],
  ] as const) {
    if (value > 0) out.push(price(tickType, value, 0));
  }
  if (q.last > 0) out.push({ type: "tickString", reqId, tickType: id(45), value: String(Math.floor(nowMs / 1000)) });
  out.push({ type: "tickGeneric", reqId, tickType: id(49), value: 0 });
  if (!delayed) out.push(...genericRound(reqId, q, genericTicks, nowMs));
  return out;
}

/** Generic ticks delivered: 221 mark price, 233 RT volume, 236 shortable; other ids are accepted and ignored. */
function genericRound(reqId: number, q: Quote, genericTicks: readonly string[], nowMs: number): ServerMessage[] {
  const out: ServerMessage[] = [];
  if (genericTicks.includes("221") && q.bid > 0 && q.ask > 0) {
    out.push({ type: "tickPrice", reqId, tickType: 37, price: (q.bid + q.ask) / 2, size: 0, attrMask: 0 });
  }
  if (genericTicks.includes("233") && q.last > 0) {
    const value = `${q.last};${q.lastSize};${nowMs};${q.volume};${q.last};false`;
    out.push({ type: "tickString", reqId, tickType: 48, value });
  }
  if (genericTicks.includes("236")) {
    out.push({ type: "tickGeneric", reqId, tickType: 46, value: 3 });
    out.push({ type: "tickSize", reqId, tickType: 89, size: SHORTABLE_SHARES });
  }
  return out;
}

/** Remembers what a streaming line last sent, so an update carries only changed ticks. */
export class TickMemory {
  private readonly sent = new Map<string, string>();

  /** The messages of `round` whose value differs from the last one sent for the same tick; timestamps follow prices. */
  changed(round: ServerMessage[]): ServerMessage[] {
    const out: ServerMessage[] = [];
    let priceMoved = false;
    for (const message of round) {
      if (message.type === "tickString" && (message.tickType === 45 || message.tickType === 88)) {
        if (priceMoved) out.push(message);
        continue;
      }
      if (!("tickType" in message)) continue;
      const key = `${message.type}:${message.tickType}`;
      const value = JSON.stringify(message);
      if (this.sent.get(key) === value) continue;
      this.sent.set(key, value);
      out.push(message);
      priceMoved ||= message.type === "tickPrice" && (message.tickType === 4 || message.tickType === 68);
    }
    out.push(...this.withdrawnSides(round));
    return out;
  }

  /** A bid or ask that was quoted and now has no market is sent as price -1, size 0, once. */
  private withdrawnSides(round: ServerMessage[]): ServerMessage[] {
    const out: ServerMessage[] = [];
    const reqId = round.find((m) => "reqId" in m)?.reqId;
    if (reqId === undefined) return out;
    for (const [priceTick, sizeTick] of SIDE_TICKS) {
      const key = `tickPrice:${priceTick}`;
      const last = this.sent.get(key);
      if (last === undefined || round.some((m) => m.type === "tickPrice" && m.tickType === priceTick)) continue;
      const none: ServerMessage = { type: "tickPrice", reqId, tickType: priceTick, price: -1, size: 0, attrMask: 0 };
      if (last === JSON.stringify(none)) continue;
      this.sent.set(key, JSON.stringify(none));
      this.sent.set(`tickSize:${sizeTick}`, "");
      out.push(none, { type: "tickSize", reqId, tickType: sizeTick, size: 0 });
    }
    return out;
  }
}

/** Bid and ask price ticks with their size ticks, live and delayed. */
const SIDE_TICKS: readonly (readonly [number, number])[] = [
  [1, 0],
  [2, 3],
  [66, 69],
  [67, 70],
];
