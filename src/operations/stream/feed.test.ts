// The per-client feed over a real SQLite store and hub; the sink stands in for a socket so a test can hold it
// backed up like a slow client's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../obs/index.js";
import { openAuditStore, SqliteStore, type AuditStore } from "../../store/index.js";
import { EventFeed, type FeedSink } from "./feed.js";
import type { StreamEnvelope } from "./events.js";
import { EventHub } from "./hub.js";

let dir: string;
let store: AuditStore;
let hub: EventHub;
let clock: Date;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "feed-"));
  clock = new Date("2026-01-05T10:00:00.000Z");
  store = openAuditStore(join(dir, "audit.db"), { now: () => clock });
  hub = new EventHub(new SqliteStore(store), createLogger({ destination: { write: () => undefined } }));
  await hub.start();
});

afterEach(() => {
  hub.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

class TestSink implements FeedSink {
  readonly sent: StreamEnvelope[] = [];
  full = false;
  closedWith: string | undefined;
  send(envelope: StreamEnvelope): void {
    this.sent.push(envelope);
  }
  backedUp(): boolean {
    return this.full;
  }
  close(reason: string, lastSentSeq: number): void {
    this.closedWith = `${reason} (${lastSentSeq})`;
  }
  seqs(): (number | null)[] {
    return this.sent.map((e) => e.seq);
  }
}

const append = (topic: "orders" | "fills", n: number) =>
  store.appendEvent({ topic, type: topic === "orders" ? "order.status" : "order.fill", data: { n } });
/** The hub reads new rows on the next turn of the event loop (after the writer's commit). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("a client's event feed", () => {
  it("replays after a seq, then goes live without duplicates, only for its topics", async () => {
    for (let n = 1; n <= 5; n += 1) append(n % 2 === 0 ? "fills" : "orders", n);
    const sink = new TestSink();
    const feed = new EventFeed(hub, sink);
    feed.subscribe(["orders"]);
    await feed.resume(1);
    append("orders", 6);
    append("fills", 7);
    await expect.poll(() => sink.seqs()).toEqual([3, 5, 6]);
    await settle();
    expect(sink.seqs()).toEqual([3, 5, 6]);
    feed.close();
  });

  it("replays while the client keeps up and holds the rest in the store until it drains", async () => {
    for (let n = 1; n <= 450; n += 1) append("orders", n);
    const sink = new TestSink();
    const feed = new EventFeed(hub, sink);
    feed.subscribe(["orders"]);
    sink.full = true;
    await feed.resume(0);
    await settle();
    expect(sink.sent).toEqual([]);
    sink.full = false;
    feed.pump();
    await expect.poll(() => sink.seqs().length).toBe(450);
    expect(sink.seqs()).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    feed.close();
  });

  it("closes a client that falls too far behind on live events, with a reason", async () => {
    const sink = new TestSink();
    const feed = new EventFeed(hub, sink, { maxQueued: 3 });
    feed.subscribe(["orders"]);
    append("orders", 1);
    append("orders", 2);
    await settle();
    sink.full = true;
    for (let n = 3; n <= 6; n += 1) append("orders", n);
    await settle();
    expect(sink.closedWith).toBe("too slow: resume from seq 2 (2)");
    expect(sink.seqs()).toEqual([1, 2]);
    expect(hub.subscriberCount).toBe(0);
  });

  it("hands over from replay to live without a gap or a duplicate while events keep coming", async () => {
    for (let n = 1; n <= 300; n += 1) append("orders", n);
    const sink = new TestSink();
    const feed = new EventFeed(hub, sink, { maxQueued: 50 });
    feed.subscribe(["orders"]);
    const resumed = feed.resume(0);
    // Events committed while the replay pages are read (more than the live buffer holds).
    for (let n = 301; n <= 420; n += 1) {
      append("orders", n);
      if (n % 10 === 0) await settle();
    }
    await resumed;
    await expect.poll(() => sink.seqs().length).toBe(420);
    await settle();
    expect(sink.seqs()).toEqual(Array.from({ length: 420 }, (_, i) => i + 1));
    feed.close();
  });

  it("sends stream.gap when the resume point is older than what retention kept", async () => {
    append("orders", 1);
    append("orders", 2);
    clock = new Date("2026-01-06T12:00:00.000Z");
    append("orders", 3);
    expect(store.oldestEventSeq()).toBe(3);
    const sink = new TestSink();
    const feed = new EventFeed(hub, sink, { now: () => clock.getTime() });
    feed.subscribe(["orders"]);
    await feed.resume(1);
    expect(sink.sent[0]).toEqual({
      seq: null,
      topic: "stream",
      type: "stream.gap",
      time: "2026-01-06T12:00:00.000Z",
      data: { after: 1, firstAvailableSeq: 3, latestSeq: 3 },
    });
    await expect.poll(() => sink.seqs().slice(1)).toEqual([3]);
    const fresh = new TestSink();
    const next = new EventFeed(hub, fresh);
    next.subscribe(["orders"]);
    await next.resume(2);
    await expect.poll(() => fresh.seqs()).toEqual([3]);
    feed.close();
    next.close();
  });
});
