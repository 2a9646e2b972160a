import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";
import { AuditDatabaseNotFoundError } from "./database.js";
import { MIGRATIONS } from "./migrations.js";

const MIGRATION_1_SQL = MIGRATIONS.find((m) => m.version === 1)!.sql;

let dir: string;
const opened: { close(): void }[] = [];

function track<T extends { close(): void }>(handle: T): T {
  opened.push(handle);
  return handle;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-db-"));
});

afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
  rmSync(dir, { recursive: true, force: true });
});

function columns(path: string, table: string): string[] {
  const db = track(new BetterSqlite3(path, { readonly: true }));
  return db
    .prepare<[], { name: string; type: string; notnull: number; pk: number }>(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => `${c.name} ${c.type}${c.notnull ? " NOT NULL" : ""}${c.pk ? " PK" : ""}`);
}

describe("opening the audit database", () => {
  it("creates missing parent directories, WAL journal, 5 s busy timeout and the latest schema version", () => {
    const path = join(dir, "nested", "deeper", "audit.db");
    const store: AuditStore = track(openAuditStore(path));
    expect(store.schemaVersion).toBe(4);
    const db = track(new BetterSqlite3(path));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.stats()).toMatchObject({ path, auditRecords: 0, orderRecords: 0, schemaVersion: 4 });
    expect(store.stats().sizeBytes).toBeGreaterThan(0);
  });

  it("has exactly the tables and columns of the latest schema version", () => {
    const path = join(dir, "audit.db");
    track(openAuditStore(path));
    expect(columns(path, "schema_version")).toEqual(["version INTEGER PK", "applied_at TEXT NOT NULL"]);
    expect(columns(path, "audit_log")).toEqual([
      "id INTEGER PK",
      "correlation_id TEXT",
      "timestamp TEXT NOT NULL",
      "event_type TEXT NOT NULL",
      "event_data TEXT NOT NULL",
      "user_context TEXT",
      "account_id TEXT",
      "prev_hash TEXT NOT NULL",
      "hash TEXT NOT NULL",
    ]);
    expect(columns(path, "order_history")).toHaveLength(21);
    expect(columns(path, "order_history").slice(0, 3)).toEqual([
      "order_id TEXT PK",
      "correlation_id TEXT",
      "account_id TEXT NOT NULL",
    ]);
    expect(columns(path, "order_journal")).toEqual([
      "client_order_id TEXT PK",
      "order_hash TEXT",
      "canonical_order TEXT",
      "account_id TEXT",
      "api_client_id INTEGER",
      "broker_order_ids TEXT NOT NULL",
      "source TEXT NOT NULL",
      "owner TEXT",
      "state TEXT NOT NULL",
      "order_id TEXT",
      "result TEXT",
      "note TEXT",
      "correlation_id TEXT",
      "created_at TEXT NOT NULL",
      "updated_at TEXT NOT NULL",
    ]);
    expect(columns(path, "order_fills")).toEqual([
      "exec_id TEXT PK",
      "order_id TEXT NOT NULL",
      "recorded_at TEXT NOT NULL",
    ]);
    expect(columns(path, "events")).toEqual([
      "seq INTEGER PK",
      "time TEXT NOT NULL",
      "topic TEXT NOT NULL",
      "type TEXT NOT NULL",
      "data TEXT NOT NULL",
    ]);
    const tables = track(new BetterSqlite3(path, { readonly: true }))
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).not.toContain("idempotency_keys");
  });

  it("indexes the columns queries filter on", () => {
    const path = join(dir, "audit.db");
    track(openAuditStore(path));
    const db = track(new BetterSqlite3(path, { readonly: true }));
    const indexed = (table: string) =>
      db
        .prepare<[], { name: string }>(`PRAGMA index_list(${table})`)
        .all()
        .filter((index) => !index.name.startsWith("sqlite_autoindex"))
        .flatMap((index) => db.prepare<[], { name: string }>(`PRAGMA index_info(${index.name})`).all())
        .map((column) => column.name)
        .sort();
    expect(indexed("audit_log")).toEqual(["account_id", "correlation_id", "event_type", "timestamp"]);
    expect(indexed("events")).toEqual(["time"]);
    expect(indexed("order_history")).toEqual([
      "account_id",
      "client_order_id",
      "correlation_id",
      "ibkr_order_id",
      "perm_id",
      "placed_at",
      "status",
      "symbol",
    ]);
  });

  it("applies migrations once: reopening keeps one schema_version row and the data", () => {
    const path = join(dir, "audit.db");
    const first = openAuditStore(path);
    first.append({ eventType: "AUTH_FAILURE", eventData: { method: "GET", path: "/x", reason: "missing" } });
    first.close();
    const again = track(openAuditStore(path));
    expect(again.stats()).toMatchObject({ auditRecords: 1, schemaVersion: 4 });
    const db = track(new BetterSqlite3(path, { readonly: true }));
    expect(db.prepare("SELECT version FROM schema_version").all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
    ]);
  });

  it("refuses a database written by a newer schema", () => {
    const path = join(dir, "audit.db");
    openAuditStore(path).close();
    const db = new BetterSqlite3(path);
    db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (99, 'x')").run();
    db.close();
    expect(() => openAuditStore(path)).toThrow("schema version 99 is newer");
  });

  it("moves version-1 idempotency keys into the journal and their fills into order_fills", () => {
    const path = join(dir, "v1.db");
    const db = new BetterSqlite3(path);
    db.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    db.exec(MIGRATION_1_SQL);
    db.prepare("INSERT INTO schema_version VALUES (1, 'x')").run();
    const insertKey = db.prepare("INSERT INTO idempotency_keys VALUES (?, ?, ?, 't', 't')");
    insertKey.run("k-ok", "1000001", JSON.stringify({ status: "ACCEPTED" }));
    insertKey.run("k-rej", null, JSON.stringify({ status: "REJECTED" }));
    insertKey.run("k-pending", null, JSON.stringify({ status: "ACCEPTED" }));
    db.prepare(
      `INSERT INTO order_history (order_id, account_id, symbol, side, quantity, order_type, status, placed_at,
         updated_at, fill_data) VALUES ('1000001', 'DU1', 'AAPL', 'BUY', 1, 'MKT', 'FILLED', 't', 't', ?)`,
    ).run(JSON.stringify({ fills: [{ exec_id: "e1" }, { exec_id: "e2" }], filled_quantity: 1, avg_fill_price: 1 }));
    db.close();
    const store = track(openAuditStore(path));
    expect(store.schemaVersion).toBe(4);
    expect(store.getJournalEntry("k-ok")).toMatchObject({ state: "ACKNOWLEDGED", orderId: "1000001" });
    expect(store.getJournalEntry("k-rej")).toMatchObject({ state: "REJECTED" });
    expect(store.getJournalEntry("k-pending")).toMatchObject({ state: "UNKNOWN" });
    expect(store.claimFill("e1", "1000001")).toBe(false);
    expect(store.claimFill("e3", "1000001")).toBe(true);
  });

  it("does not create a missing file when asked to open an existing one", () => {
    const path = join(dir, "missing.db");
    expect(() => openAuditStore(path, { mustExist: true })).toThrow(AuditDatabaseNotFoundError);
    expect(() => openAuditStore(path, { mustExist: true })).toThrow(`Audit database not found: ${path}`);
  });
});
