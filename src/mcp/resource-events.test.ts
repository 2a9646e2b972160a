// Which events change which resources, and the throttle: one notification at once, later changes inside the
// interval folded into one trailing notification, nothing for resources not subscribed. Timers are faked.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NOTIFY_INTERVAL_MS, SubscriptionBook, urisChangedBy } from "./resource-events.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const event = (type: string, data: Record<string, unknown> = {}) => ({ topic: "t", type, data });

describe("resource changes", () => {
  it("maps stream events to the resources they change", () => {
    expect(urisChangedBy(event("order.status", { orderId: "7" }))).toEqual(["ibkr://orders/open", "ibkr://orders/7"]);
    expect(urisChangedBy(event("order.fill", { orderId: "7" }))).toEqual([
      "ibkr://orders/open",
      "ibkr://orders/7",
      "ibkr://account/summary",
      "ibkr://account/positions",
      "ibkr://account/pnl",
    ]);
    expect(urisChangedBy(event("kill-switch.changed"))).toEqual(["ibkr://trading-status"]);
    expect(urisChangedBy(event("connection.lost"))).toEqual(["ibkr://trading-status"]);
    expect(urisChangedBy(event("quote.update", { instrument: { symbol: "msft" } }))).toEqual(["ibkr://quotes/MSFT"]);
    expect(urisChangedBy(event("pnl.update"))).toEqual(["ibkr://account/pnl"]);
    expect(urisChangedBy(event("something.else"))).toEqual([]);
  });

  it("notifies subscribed resources at most once per interval, folding later changes into one", () => {
    const sent: string[] = [];
    const book = new SubscriptionBook(
      (uri) => sent.push(uri),
      () => Date.now(),
    );
    book.add("ibkr://orders/open");
    book.onEvent(event("order.status", { orderId: "1" }));
    expect(sent).toEqual(["ibkr://orders/open"]);
    book.onEvent(event("order.status", { orderId: "1" }));
    book.onEvent(event("order.status", { orderId: "2" }));
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(NOTIFY_INTERVAL_MS);
    expect(sent).toEqual(["ibkr://orders/open", "ibkr://orders/open"]);
    book.add("ibkr://trading-status");
    book.onEvent(event("stream.gap"));
    vi.advanceTimersByTime(NOTIFY_INTERVAL_MS);
    expect(sent.slice(2).sort()).toEqual(["ibkr://orders/open", "ibkr://trading-status"]);
    book.remove("ibkr://orders/open");
    book.onEvent(event("order.status", { orderId: "3" }));
    vi.advanceTimersByTime(NOTIFY_INTERVAL_MS * 4);
    expect(sent).toHaveLength(4);
  });
});
