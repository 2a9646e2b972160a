// Two gateway instances on one PostgreSQL database: claims, the audit chain and the event sequence stay single
// across both, the kill switch reaches the other instance, schema steps apply once, and a database that goes away
// makes calls fail with StoreUnavailableError until it is back, when everything (LISTEN included) recovers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { StoreUnavailableError, type JournalClaim, type SharedKillSwitchState } from "../../src/store/index.js";
import {
  migratePostgres,
  openPostgresStore,
  postgresSchemaStatus,
  type PostgresStore,
} from "../../src/store/postgres/index.js";
import {
  POSTGRES_SKIP_REASON,
  startPostgresCluster,
  TEST_PASSWORD,
  type PostgresCluster,
} from "../support/postgres.js";

let cluster: PostgresCluster;
let keyDir: string;
let databases = 0;
const opened: PostgresStore[] = [];

async function freshDatabase(): Promise<string> {
  databases += 1;
  return cluster.createDatabase(`shared_${databases}`);
}

async function openTwo(url: string): Promise<[PostgresStore, PostgresStore]> {
  const hmacKeyFile = join(keyDir, `key-${databases}`);
  const a = await openPostgresStore(url, { hmacKeyFile });
  const b = await openPostgresStore(url, { hmacKeyFile });
  opened.push(a, b);
  return [a, b];
}

/** Resolves with the first value `subscribe` hands over; rejects after `limitMs` (a bound, not a measurement). */
function nextValue<T>(subscribe: (deliver: (value: T) => void) => () => void, limitMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error("nothing delivered"));
    }, limitMs);
    const unsubscribe = subscribe((value) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

function claim(owner: string): JournalClaim {
  return {
    clientOrderId: "shared-key",
    orderHash: "h",
    canonicalOrder: "{}",
    accountId: "DU1",
    apiClientId: 1,
    source: "rest",
    owner,
    correlationId: null,
  };
}

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)("PostgreSQL store shared by two instances", () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    keyDir = mkdtempSync(join(tmpdir(), "pg-shared-key-"));
  }, 60_000);

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  afterAll(() => {
    cluster?.destroy();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it("lets exactly one of 50 concurrent claims of one key win across both instances", async () => {
    const [a, b] = await openTwo(await freshDatabase());
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).claimOrder(claim(`owner-${i}`))),
    );
    const winners = outcomes.filter((outcome) => outcome.claimed);
    expect(winners).toHaveLength(1);
    const owner = winners[0]?.entry.owner;
    expect(new Set(outcomes.map((outcome) => outcome.entry.owner))).toEqual(new Set([owner]));
    const fills = await Promise.all([a.claimFill("e1", "o"), b.claimFill("e1", "o"), a.claimFill("e1", "o")]);
    expect(fills.filter(Boolean)).toHaveLength(1);
  });

  it("appends concurrently from both instances into one chain that verifies", async () => {
    const [a, b] = await openTwo(await freshDatabase());
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? a : b).append({
          eventType: "AUTH_FAILURE",
          eventData: { method: i % 2 === 0 ? "A" : "B", path: `/${i}`, reason: "missing" },
        }),
      ),
    );
    expect(await a.verifyChain()).toEqual({ ok: true, count: 60 });
    expect(await b.verifyChain()).toEqual({ ok: true, count: 60 });
    const ids = (await a.queryAudit({ limit: 100 })).records.map((record) => record.id).sort((x, y) => x - y);
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it("numbers concurrent events from both instances 1..N, and a reader never sees a later seq first", async () => {
    const [a, b] = await openTwo(await freshDatabase());
    const total = 80;
    let writing = true;
    const problems: string[] = [];
    const reader = (async () => {
      let last = 0;
      while (writing || last < total) {
        const events = await b.eventsAfter(last, undefined, 1000);
        for (const event of events) {
          if (event.seq !== last + 1) problems.push(`saw ${event.seq} after ${last}`);
          last = event.seq;
        }
      }
      return last;
    })();
    // Some appends share a transaction with other writes, as the order path does.
    await Promise.all(
      Array.from({ length: total }, (_, i) => {
        const store = i % 2 === 0 ? a : b;
        const event = { topic: "orders", type: "order.status", data: { i } };
        if (i % 3 !== 0) return store.appendEvent(event);
        return store.transaction(async () => {
          await store.claimFill(`exec-${i}`, "o");
          await store.appendEvent(event);
        });
      }),
    );
    writing = false;
    expect(await reader).toBe(total);
    expect(problems).toEqual([]);
    expect(await a.latestEventSeq()).toBe(total);
  });

  it("tells the other instance about new events and kill-switch changes", async () => {
    const [a, b] = await openTwo(await freshDatabase());
    const heard = nextValue<void>((deliver) => b.onEventAppended(() => deliver(undefined)));
    await a.appendEvent({ topic: "orders", type: "x", data: {} });
    await heard;

    const state = { active: true, reason: "drill", source: "cli", activatedAt: "2026-03-02T10:00:00.000Z" };
    const atB = nextValue<SharedKillSwitchState>((deliver) => b.sharedKillSwitch.onChange(deliver));
    const atA = nextValue<SharedKillSwitchState>((deliver) => a.sharedKillSwitch.onChange(deliver));
    const written = await a.sharedKillSwitch.write(state);
    expect(written).toMatchObject(state);
    expect(await atB).toEqual(written);
    expect(await atA).toEqual(written);
    expect(await b.sharedKillSwitch.read()).toEqual(written);
  });

  it("applies each schema step once when instances start together, and reports the schema", async () => {
    const url = await freshDatabase();
    expect(await postgresSchemaStatus(url)).toEqual({ current: 0, latest: 4, pending: [1, 2, 3, 4] });
    await expect(openPostgresStore(url, { hmacKeyFile: join(keyDir, "k"), migrate: false })).rejects.toThrow(
      /schema version 0, this gateway needs 4: run 'ibkr-gateway db migrate'/,
    );
    const [a] = await Promise.all([
      openPostgresStore(url, { hmacKeyFile: join(keyDir, "k") }),
      openPostgresStore(url, { hmacKeyFile: join(keyDir, "k") }),
      openPostgresStore(url, { hmacKeyFile: join(keyDir, "k") }),
    ]).then((stores) => {
      opened.push(...stores);
      return stores;
    });
    expect(await postgresSchemaStatus(url)).toEqual({ current: 4, latest: 4, pending: [] });
    expect(await migratePostgres(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query("SELECT version FROM schema_version ORDER BY version");
    await client.end();
    expect(rows.rows.map((row: { version: number }) => row.version)).toEqual([1, 2, 3, 4]);
    expect(a?.location).not.toContain(TEST_PASSWORD);
    expect(a?.location).toContain(`127.0.0.1:${cluster.port}/shared_`);
    expect(JSON.stringify(await a?.stats())).not.toContain(TEST_PASSWORD);
  });

  it("migrates an empty database from the schema command", async () => {
    const url = await freshDatabase();
    expect(await migratePostgres(url)).toEqual([1, 2, 3, 4]);
    const store = await openPostgresStore(url, { hmacKeyFile: join(keyDir, "m"), migrate: false });
    opened.push(store);
    expect(store.schemaVersion).toBe(4);
  });

  it("keeps the signed head in the database: edits, a deleted head, a missing key and a refilled tail show", async () => {
    const url = await freshDatabase();
    const [a] = await openTwo(url);
    const row = (path: string) => ({
      eventType: "AUTH_FAILURE" as const,
      eventData: { method: "GET", path, reason: "missing" },
    });
    for (const path of ["/1", "/2", "/3"]) await a.append(row(path));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("CREATE TABLE saved_head AS SELECT * FROM audit_head");
      await client.query("DELETE FROM audit_head");
      expect(await a.verifyChain()).toEqual({ ok: false, id: 1, reason: "signed head checkpoint missing" });
      await client.query("INSERT INTO audit_head SELECT * FROM saved_head");
      const saved = (await client.query("SELECT * FROM audit_head")).rows[0] as { mac: string };
      await client.query("UPDATE audit_head SET mac = repeat('0', 64)");
      expect(await a.verifyChain()).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^head checkpoint invalid/),
      });
      await client.query("UPDATE audit_head SET mac = $1", [saved.mac]);
      expect(await a.verifyChain()).toEqual({ ok: true, count: 3 });

      const reader = await openPostgresStore(url, { hmacKeyFile: join(keyDir, "no-such-key"), mustExist: true });
      opened.push(reader);
      expect(await reader.verifyChain()).toEqual({ ok: false, id: 1, reason: "audit HMAC key file missing" });

      // Rows deleted from the tail stay visible after later appends: the next row links to the signed head.
      await client.query("DELETE FROM audit_log WHERE id = 3");
      await a.append(row("/4"));
      expect(await a.verifyChain()).toEqual({ ok: false, id: 4, reason: "prev_hash does not match previous record" });
    } finally {
      await client.end();
    }
  });

  // Last: it stops and restarts the cluster.
  it("rejects calls with StoreUnavailableError while the database is down and recovers when it is back", async () => {
    const [a, b] = await openTwo(await freshDatabase());
    await a.claimOrder({ ...claim("before"), clientOrderId: "before" });
    const reconnected = nextValue<SharedKillSwitchState>((deliver) => b.sharedKillSwitch.onChange(deliver), 30_000);
    const eventNews = nextValue<void>((deliver) => b.onEventAppended(() => deliver(undefined)), 30_000);

    cluster.stop();
    const failure = await a.getJournalEntry("before").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(String((failure as Error).message)).not.toContain(TEST_PASSWORD);
    await expect(a.transaction(() => a.claimFill("x", "o"))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(b.appendEvent({ topic: "orders", type: "x", data: {} })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(
      await a.appendSafe({ eventType: "AUTH_FAILURE", eventData: { method: "GET", path: "/", reason: "x" } }),
    ).toBeNull();
    expect(a.appendFailures).toBe(1);

    cluster.start();
    expect((await a.getJournalEntry("before"))?.owner).toBe("before");
    // B's LISTEN connection comes back by itself and re-reads the kill switch.
    expect((await reconnected).active).toBe(false);
    await eventNews;
    const state = { active: true, reason: "after restart", source: "rest", activatedAt: null };
    const atB = nextValue<SharedKillSwitchState>((deliver) => b.sharedKillSwitch.onChange(deliver));
    await a.sharedKillSwitch.write(state);
    expect(await atB).toMatchObject(state);
  }, 60_000);
});

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)("PostgreSQL store with no server", () => {
  it("fails to open with StoreUnavailableError", async () => {
    const url = `postgres://nobody:${TEST_PASSWORD}@127.0.0.1:1/none`;
    const failure = await openPostgresStore(url, { hmacKeyFile: "/nonexistent/key" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as Error).message).not.toContain(TEST_PASSWORD);
  });
});
