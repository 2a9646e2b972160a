// Fixed-window counting and once-per-window refusal audit, on an injected clock.
import { afterEach, describe, expect, it } from "vitest";
import { RefusalAudit, WindowCounter, type RefusalSummary } from "./abuse-window.js";

let nowMs = 0;
const clock = { now: () => nowMs };
let audit: RefusalAudit | undefined;
afterEach(() => {
  audit?.close();
  audit = undefined;
  nowMs = 0;
});

describe("WindowCounter", () => {
  it("counts per key within a window, and starts over when it ends", () => {
    const counter = new WindowCounter(1000, clock);
    counter.add("a");
    counter.add("a");
    counter.add("b");
    expect([counter.count("a"), counter.count("b")]).toEqual([2, 1]);
    nowMs = 400;
    expect(counter.remainingMs("a")).toBe(600);
    nowMs = 1000;
    expect(counter.count("a")).toBe(0);
    expect(counter.add("a").count).toBe(1);
    expect(counter.drain().map(([key]) => key)).toEqual(["b"]);
  });
});

describe("RefusalAudit", () => {
  it("writes the first refusal at once and the window's total when the window is next touched", () => {
    const rows: RefusalSummary[] = [];
    audit = new RefusalAudit(60, clock, (s) => rows.push(s));
    for (let i = 0; i < 500; i++) audit.record("invalid", "10.0.0.1", "GET", "/x", `c${i}`);
    audit.record("missing", "10.0.0.1", "GET", "/x", "m");
    expect(rows).toEqual([
      {
        reason: "invalid",
        clientIp: "10.0.0.1",
        method: "GET",
        path: "/x",
        windowSec: 60,
        count: 1,
        correlationId: "c0",
      },
      {
        reason: "missing",
        clientIp: "10.0.0.1",
        method: "GET",
        path: "/x",
        windowSec: 60,
        count: 1,
        correlationId: "m",
      },
    ]);
    nowMs = 60_000;
    audit.record("invalid", "10.0.0.1", "GET", "/y", "next");
    expect(rows.slice(2).map((r) => [r.reason, r.count, r.correlationId])).toEqual([
      ["invalid", 500, null],
      ["invalid", 1, "next"],
    ]);
  });

  it("writes pending totals on close and nothing for a single refusal", () => {
    const rows: RefusalSummary[] = [];
    audit = new RefusalAudit(60, clock, (s) => rows.push(s));
    audit.record("invalid", "10.0.0.1", "GET", "/x", null);
    audit.record("invalid", "10.0.0.1", "GET", "/x", null);
    audit.record("forbidden_host", "10.0.0.2", "GET", "/x", null);
    audit.close();
    expect(rows.map((r) => [r.reason, r.count])).toEqual([
      ["invalid", 1],
      ["forbidden_host", 1],
      ["invalid", 2],
    ]);
  });
});
