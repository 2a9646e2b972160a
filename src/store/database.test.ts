import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";
import { AuditDatabaseNotFoundError } from "./database.js";

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
  it("creates missing parent directories, WAL journal, 5 s busy timeout and schema version 1", () => {
    const path = join(dir, "nested", "deeper", "audit.db");
    const store: AuditStore = track(openAuditStore(path));
    expect(store.schemaVersion).toBe(1);
    const db = track(new BetterSqlite3(path));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.stats()).toMatchObject({ path, auditRecords: 0, orderRecords: 0, schemaVersion: 1 });
    expect(store.stats().sizeBytes).toBeGreaterThan(0);
  });

  it("has exactly the tables and columns of schema version 1", () => {
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
    expect(columns(path, "idempotency_keys")).toEqual([
      "client_order_id TEXT PK",
      "order_id TEXT",
      "result TEXT NOT NULL",
      "created_at TEXT NOT NULL",
      "updated_at TEXT NOT NULL",
    ]);
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
    expect(again.stats()).toMatchObject({ auditRecords: 1, schemaVersion: 1 });
    const db = track(new BetterSqlite3(path, { readonly: true }));
    expect(db.prepare("SELECT version FROM schema_version").all()).toEqual([{ version: 1 }]);
  });

  it("refuses a database written by a newer schema", () => {
    const path = join(dir, "audit.db");
    openAuditStore(path).close();
    const db = new BetterSqlite3(path);
    db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (2, 'x')").run();
    db.close();
    expect(() => openAuditStore(path)).toThrow("schema version 2 is newer");
  });

  it("does not create a missing file when asked to open an existing one", () => {
    const path = join(dir, "missing.db");
    expect(() => openAuditStore(path, { mustExist: true })).toThrow(AuditDatabaseNotFoundError);
    expect(() => openAuditStore(path, { mustExist: true })).toThrow(`Audit database not found: ${path}`);
  });
});
