// Account requests that are broker subscriptions: the streams one answer needs are asked for together, and
// every subscription is closed at the broker once the answer has gone back. The library's IBApi is observed, not
// replaced; the simulator counts the subscriptions it holds.
import { EventName, IBApi } from "@stoqey/ib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eventually, startHarness, type Harness } from "./support/harness.js";

const ACCOUNT = "DU1234567";
type Recorded =
  | "reqPositions"
  | "cancelPositions"
  | "reqAccountUpdates"
  | "reqAccountSummary"
  | "cancelAccountSummary"
  | "reqPnL"
  | "cancelPnL"
  | "reqPnLSingle"
  | "cancelPnLSingle";

describe("account subscriptions", () => {
  let h: Harness | undefined;
  /** What the adapter sent and which end markers it received, in order. */
  let wire: string[];
  const subscriptions = () => h?.sim.control.stats().subscriptions ?? -1;

  beforeEach(() => {
    wire = [];
    const record = (method: Recorded, label: (...args: unknown[]) => string) => {
      const original = IBApi.prototype[method] as (...args: unknown[]) => unknown;
      vi.spyOn(IBApi.prototype, method).mockImplementation(function (this: IBApi, ...args: unknown[]) {
        wire.push(label(...args));
        return original.apply(this, args);
      } as never);
    };
    record("reqPositions", () => "reqPositions");
    record("cancelPositions", () => "cancelPositions");
    record("reqAccountUpdates", (subscribe) => `reqAccountUpdates(${String(subscribe)})`);
    record("reqAccountSummary", (id) => `reqAccountSummary(${String(id)})`);
    record("cancelAccountSummary", (id) => `cancelAccountSummary(${String(id)})`);
    record("reqPnL", (id) => `reqPnL(${String(id)})`);
    record("cancelPnL", (id) => `cancelPnL(${String(id)})`);
    record("reqPnLSingle", (id) => `reqPnLSingle(${String(id)})`);
    record("cancelPnLSingle", (id) => `cancelPnLSingle(${String(id)})`);
    const emit = IBApi.prototype.emit as (this: IBApi, event: string, ...args: unknown[]) => boolean;
    vi.spyOn(IBApi.prototype, "emit").mockImplementation(function (this: IBApi, event: string, ...args: unknown[]) {
      if (event === EventName.positionEnd || event === EventName.accountDownloadEnd) wire.push(event);
      return emit.call(this, event, ...args);
    } as never);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h?.close();
    h = undefined;
  });

  it("asks for positions and the portfolio together, and closes both once answered", async () => {
    h = await startHarness();
    const before = subscriptions();
    const result = await h.broker.account.positions(ACCOUNT);
    expect(result.positionCount).toBe(2);
    expect(result.positions.find((p) => p.symbol === "AAPL")?.marketValue).toBeGreaterThan(0);
    // Both requests left before either stream's end marker came back: one round trip, not two.
    expect(wire.indexOf("reqAccountUpdates(true)")).toBeLessThan(wire.indexOf(EventName.positionEnd));
    expect(wire.indexOf("reqPositions")).toBeLessThan(wire.indexOf(EventName.accountDownloadEnd));
    expect(wire).toContain("cancelPositions");
    expect(wire).toContain("reqAccountUpdates(false)");
    await eventually(() => subscriptions() === before);
  });

  it("keeps back-to-back position fetches apart: a fetch's unsubscribe never reaches the next one's stream", async () => {
    h = await startHarness();
    const before = subscriptions();
    const results = await Promise.all([1, 2, 3].map(() => h!.broker.account.positions(ACCOUNT)));
    for (const result of results) expect(result.positionCount).toBe(2);
    const sentNow = () => wire.filter((w) => w.startsWith("req") || w.startsWith("cancel"));
    // The last unsubscribes may still wait for a pacer slot.
    await eventually(() => sentNow().length === 12);
    const sent = sentNow();
    expect(sent).toEqual(
      [1, 2, 3].flatMap(() => [
        "reqPositions",
        "reqAccountUpdates(true)",
        "cancelPositions",
        "reqAccountUpdates(false)",
      ]),
    );
    await eventually(() => subscriptions() === before);
  });

  it("cancels the account summary after the caller has its answer", async () => {
    h = await startHarness();
    const before = subscriptions();
    const summary = await h.broker.account.summary();
    expect(summary.accountId).toBe(ACCOUNT);
    const id = /^reqAccountSummary\((\d+)\)$/.exec(wire.find((w) => w.startsWith("reqAccountSummary")) ?? "")?.[1];
    expect(Number(id)).toBeGreaterThanOrEqual(1_000_000);
    expect(wire).not.toContain(`cancelAccountSummary(${id})`);
    await eventually(() => wire.includes(`cancelAccountSummary(${id})`));
    await eventually(() => subscriptions() === before);
  });

  it("cancels every P&L subscription of a P&L answer", async () => {
    h = await startHarness();
    const before = subscriptions();
    const pnl = await h.broker.account.pnl(null, "current");
    expect(Object.keys(pnl.bySymbol).length).toBeGreaterThan(0);
    const opened = wire.filter((w) => /^reqPnL(Single)?\(/.test(w));
    expect(opened.length).toBeGreaterThanOrEqual(1 + Object.keys(pnl.bySymbol).length);
    await eventually(() => opened.every((w) => wire.includes(w.replace(/^req/, "cancel"))));
    await eventually(() => subscriptions() === before);
  });
});
