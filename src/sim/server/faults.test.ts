// Unit tests of the fault list: symbol matching, one-shot faults and the delay setting.

import { describe, expect, it } from "vitest";
import { FaultState } from "./faults.js";

describe("FaultState", () => {
  it("applies a symbol fault to that symbol only, case-insensitively, and a symbol-less one to all", () => {
    const faults = new FaultState();
    faults.add({ kind: "no-data", symbol: "aapl" });
    faults.add({ kind: "no-permission" });
    expect(faults.appliesTo("no-data", "AAPL")).toBe(true);
    expect(faults.appliesTo("no-data", "MSFT")).toBe(false);
    expect(faults.appliesTo("no-permission", "MSFT")).toBe(true);
    expect(faults.appliesTo("delayed-only", "AAPL")).toBe(false);
  });

  it("hands out a one-shot fault once", () => {
    const faults = new FaultState();
    faults.add({ kind: "pacing-violation" });
    expect(faults.take("pacing-violation")).toEqual({ kind: "pacing-violation" });
    expect(faults.take("pacing-violation")).toBeUndefined();
  });

  it("keeps one delay, replaced by the next and cleared by 0", () => {
    const faults = new FaultState();
    faults.add({ kind: "delay-ms", ms: 100 });
    faults.add({ kind: "delay-ms", ms: 250 });
    expect(faults.delayMs()).toBe(250);
    faults.add({ kind: "delay-ms", ms: 0 });
    expect([faults.delayMs(), faults.list()]).toEqual([0, []]);
  });

  it("lists connectivity-lost once however often it is added, and clear empties everything", () => {
    const faults = new FaultState();
    faults.add({ kind: "connectivity-lost" });
    faults.add({ kind: "connectivity-lost" });
    faults.add({ kind: "pacing-violation" });
    expect(faults.list()).toEqual([{ kind: "connectivity-lost" }, { kind: "pacing-violation" }]);
    faults.clear();
    expect([faults.connectivityLost(), faults.list()]).toEqual([false, []]);
  });
});
