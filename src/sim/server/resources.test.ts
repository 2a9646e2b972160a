// Unit tests of per-connection resources: subscriptions, timers and the once-a-second throttle (fake timers).

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Subscriptions, Throttle, Timers } from "./resources.js";

describe("Subscriptions", () => {
  it("disposes a replaced, removed or remaining subscription exactly once", () => {
    const disposed: string[] = [];
    const subs = new Subscriptions();
    subs.add("mkt:1", () => disposed.push("first"));
    subs.add("mkt:1", () => disposed.push("second"));
    subs.add("pnl:2", () => disposed.push("pnl"));
    expect(subs.keys("mkt:")).toEqual(["mkt:1"]);
    expect(subs.remove("mkt:1")).toBe(true);
    expect(subs.remove("mkt:1")).toBe(false);
    subs.disposeAll();
    expect([disposed, subs.size]).toEqual([["first", "second", "pnl"], 0]);
  });
});

describe("Timers and Throttle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("counts pending timers and clears them all", () => {
    const timers = new Timers();
    const fired: number[] = [];
    timers.after(10, () => fired.push(1));
    const cancel = timers.after(20, () => fired.push(2));
    timers.after(30, () => fired.push(3));
    cancel();
    expect(timers.size).toBe(2);
    vi.advanceTimersByTime(10);
    timers.clearAll();
    vi.advanceTimersByTime(100);
    expect([fired, timers.size]).toEqual([[1], 0]);
  });

  it("pushes at once, merges triggers during the cool-down into one push, and stops on dispose", () => {
    const timers = new Timers();
    let pushes = 0;
    const throttle = new Throttle(timers, 1_000, () => pushes++);
    throttle.trigger();
    throttle.trigger();
    throttle.trigger();
    expect(pushes).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(pushes).toBe(2);
    vi.advanceTimersByTime(1_000);
    expect(pushes).toBe(2);
    throttle.trigger();
    throttle.trigger();
    throttle.dispose();
    vi.advanceTimersByTime(5_000);
    expect([pushes, timers.size]).toEqual([3, 0]);
  });
});
