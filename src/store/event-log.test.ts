import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";

let dir: string;
let store: AuditStore;
let clock: Date;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "events-"));
  clock = new Date("2026-01-05T10:00:00.000Z");
  store = openAuditStore(join(dir, "audit.db"), { now: () => clock });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const order = (n: number) => ({ topic: "orders", type: "order.status", data: { orderId: `o${n}` } });

describe("the durable event sequence", () => {
  it("numbers events 1, 2, 3 and reads them back after a seq, filtered by topic", () => {
    expect(store.latestEventSeq()).toBe(0);
    expect(store.oldestEventSeq()).toBeNull();
    store.appendEvent(order(1));
    store.appendEvent({ topic: "connection", type: "connection.lost", data: { reason: "x" } });
    store.appendEvent(order(3));
    expect(store.eventsAfter(0, undefined, 10).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(store.eventsAfter(1, ["orders"], 10)).toEqual([
      { seq: 3, time: "2026-01-05T10:00:00.000Z", topic: "orders", type: "order.status", data: { orderId: "o3" } },
    ]);
    expect(store.eventsAfter(0, undefined, 2).map((e) => e.seq)).toEqual([1, 2]);
    expect(store.latestEventSeq()).toBe(3);
    expect(store.oldestEventSeq()).toBe(1);
  });

  it("commits an event with the audit rows of its transaction, and a rollback takes the seq back", () => {
    expect(() =>
      store.atomically(() => {
        store.appendEvent(order(1));
        store.append({ eventType: "AUTH_FAILURE", eventData: { method: "GET", path: "/", reason: "missing" } });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(store.eventsAfter(0, undefined, 10)).toEqual([]);
    expect(store.stats().auditRecords).toBe(0);
    store.atomically(() => store.appendEvent(order(2)));
    expect(store.eventsAfter(0, undefined, 10).map((e) => e.seq)).toEqual([1]);
  });

  it("tells listeners about each appended event", () => {
    const seen: number[] = [];
    const off = store.onEventAppended((e) => seen.push(e.seq));
    store.appendEvent(order(1));
    off();
    store.appendEvent(order(2));
    expect(seen).toEqual([1]);
  });

  it("keeps events for 24 hours and prunes older ones on a later append, without reusing their seq", () => {
    store.appendEvent(order(1));
    clock = new Date("2026-01-06T09:59:00.000Z");
    store.appendEvent(order(2));
    expect(store.oldestEventSeq()).toBe(1);
    clock = new Date("2026-01-06T11:00:00.000Z");
    store.appendEvent(order(3));
    expect(store.oldestEventSeq()).toBe(2);
    expect(store.eventsAfter(0, undefined, 10).map((e) => e.seq)).toEqual([2, 3]);
    clock = new Date("2026-01-08T11:00:00.000Z");
    expect(store.pruneEvents()).toBe(2);
    expect(store.oldestEventSeq()).toBeNull();
    expect(store.latestEventSeq()).toBe(3);
    expect(store.appendEvent(order(4)).seq).toBe(4);
  });
});
