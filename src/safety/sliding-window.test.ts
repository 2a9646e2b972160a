import { describe, expect, it } from "vitest";
import { SlidingWindow } from "./sliding-window.js";

describe("SlidingWindow", () => {
  it("counts events of the last window only", () => {
    const w = new SlidingWindow(60_000);
    w.tryReserve(0, null);
    w.tryReserve(30_000, null);
    expect(w.count(59_999)).toBe(2);
    expect(w.count(60_000)).toBe(1);
    expect(w.count(90_000)).toBe(0);
  });

  it("refuses a reservation beyond the limit, so back-to-back submissions cannot both pass", () => {
    const w = new SlidingWindow(60_000);
    const first = w.tryReserve(1000, 2);
    const second = w.tryReserve(1000, 2);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(w.tryReserve(1000, 2)).toBeNull();
    second?.();
    second?.();
    expect(w.count(1000)).toBe(1);
    expect(w.tryReserve(1001, 2)).not.toBeNull();
    expect(w.tryReserve(1002, 2)).toBeNull();
  });
});
