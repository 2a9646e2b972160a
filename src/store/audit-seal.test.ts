// The keyed chain and its signed head checkpoint against the attacks a database-only attacker can make: deleting
// rows from the tail, editing a row and recomputing every hash after it, removing the checkpoint. Real SQLite files.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore } from "./audit-store.js";
import { rowHash, type AuditRow } from "./hash-chain.js";

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-seal-"));
  path = join(dir, "audit.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeRows(n: number): void {
  const store = openAuditStore(path);
  for (let i = 1; i <= n; i++) {
    store.append({ eventType: "AUTH_FAILURE", eventData: { method: "GET", path: `/p${i}`, reason: "invalid" } });
  }
  store.close();
}

function verify() {
  const reader = openAuditStore(path, { mustExist: true });
  try {
    return reader.verifyChain();
  } finally {
    reader.close();
  }
}

function withDb<T>(fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** What an attacker with the database but not the key can do: rewrite every hash from `fromId` on with SHA-256. */
function recomputeWithoutKey(fromId: number): void {
  withDb((db) => {
    const rows = db.prepare("SELECT * FROM audit_log ORDER BY id").all() as AuditRow[];
    let prev = rows.find((r) => r.id === fromId - 1)?.hash ?? "0".repeat(64);
    for (const row of rows.filter((r) => r.id >= fromId)) {
      const hash = rowHash({ ...row, prev_hash: prev });
      db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?").run(prev, hash, row.id);
      prev = hash;
    }
  });
}

describe("keyed audit chain", () => {
  it("creates the key file 0600 next to the database and a signed checkpoint after each commit", () => {
    writeRows(3);
    expect(statSync(join(dir, "audit-hmac.key")).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}.head`)).toBe(true);
    expect(verify()).toEqual({ ok: true, count: 3 });
  });

  it("signs the head once an outer transaction commits (after that turn), and not for one that rolls back", () => {
    const store = openAuditStore(path);
    const head = () => (JSON.parse(readFileSync(`${path}.head`, "utf8")) as { head_id: number }).head_id;
    const row = { eventType: "AUTH_FAILURE", eventData: { method: "GET", path: "/p", reason: "invalid" } } as const;
    store.atomically(() => {
      store.append(row);
      store.append(row);
      expect(existsSync(`${path}.head`)).toBe(false);
    });
    store.flushCheckpoint();
    expect(head()).toBe(2);
    expect(() =>
      store.atomically(() => {
        store.append(row);
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(head()).toBe(2);
    store.close();
    expect(verify()).toEqual({ ok: true, count: 2 });
  });

  it("reports rows deleted from the tail, at the first missing id", () => {
    writeRows(5);
    withDb((db) => db.prepare("DELETE FROM audit_log WHERE id > 3").run());
    expect(verify()).toEqual({
      ok: false,
      id: 4,
      reason: "rows deleted from the tail: the signed checkpoint has 5 records, the database 3",
    });
  });

  it("reports an edited row whose chain was recomputed without the key, at that row", () => {
    writeRows(5);
    withDb((db) => db.prepare("UPDATE audit_log SET event_data = ? WHERE id = 3").run('{"reason":"edited"}'));
    recomputeWithoutKey(3);
    expect(verify()).toEqual({ ok: false, id: 3, reason: "hash mismatch" });
  });

  it("reports a missing checkpoint and a forged one", () => {
    writeRows(2);
    writeFileSync(`${path}.head`, JSON.stringify({ head_id: 1, head_hash: "00", mac: "ab" }));
    expect(verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/^head checkpoint invalid/) });
    unlinkSync(`${path}.head`);
    expect(verify()).toEqual({ ok: false, id: 1, reason: "signed head checkpoint missing" });
  });

  it("reports a missing key file when a checkpoint says there was one", () => {
    writeRows(2);
    unlinkSync(join(dir, "audit-hmac.key"));
    expect(verify()).toEqual({ ok: false, id: 1, reason: "audit HMAC key file missing" });
  });

  it("keeps plain SHA-256 rows of an older database verifiable and keys only the rows after the upgrade", () => {
    writeRows(2);
    // An older database: its rows were hashed without a key, and there was no key file or checkpoint.
    recomputeWithoutKey(1);
    unlinkSync(join(dir, "audit-hmac.key"));
    unlinkSync(`${path}.head`);
    writeRows(2);
    expect(verify()).toEqual({ ok: true, count: 4 });
    const rows = withDb((db) => db.prepare("SELECT * FROM audit_log ORDER BY id").all() as AuditRow[]);
    const plain = (r: AuditRow) => rowHash(r) === r.hash;
    expect(rows.map(plain)).toEqual([true, true, false, false]);
    withDb((db) => db.prepare("DELETE FROM audit_log WHERE id = 4").run());
    expect(verify()).toMatchObject({ ok: false, id: 4 });
  });
});
