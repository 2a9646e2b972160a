// Chooses the store backend: PostgreSQL when a database URL is configured (instances sharing state), otherwise the
// embedded SQLite file. Also reports and applies schema steps for either backend (`ibkr-gateway db status|migrate`).
// The PostgreSQL driver is loaded only when it is used.
import { existsSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import type { AuditStoreOptions } from "./audit-store.js";
import { openDatabase } from "./database.js";
import { currentSchemaVersion, LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { Store, StoreBackend } from "./store.js";

export interface OpenStoreOptions extends AuditStoreOptions {
  /** PostgreSQL only: apply pending schema steps at open (default true); false refuses a schema behind this gateway. */
  migrate?: boolean;
  /** PostgreSQL only: told about a broken idle or listening connection (the store reconnects by itself). */
  onConnectionError?: (error: Error) => void;
  /** `postgres://…`; absent or null: the SQLite file at `sqlitePath`. */
  databaseUrl?: string | null;
  sqlitePath: string;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { databaseUrl, sqlitePath, migrate, onConnectionError, ...rest } = options;
  if (databaseUrl) {
    const { openPostgresStore } = await import("./postgres/index.js");
    return openPostgresStore(databaseUrl, { ...rest, migrate, onConnectionError });
  }
  return openSqliteStore(sqlitePath, rest);
}

/** Which database a schema command looks at: the URL when set, else the SQLite file. */
export interface StoreTarget {
  databaseUrl?: string | null;
  sqlitePath: string;
}

export interface StoreSchemaStatus {
  backend: StoreBackend;
  /** The SQLite file or the PostgreSQL URL without its password. */
  location: string;
  /** 0 for a database (or SQLite file) that does not exist yet. */
  current: number;
  latest: number;
  /** Versions not applied yet, ascending. */
  pending: number[];
  /** SQLite only: false when the file does not exist yet (the gateway creates it at start). */
  exists: boolean;
}

/** The schema version of the target and the steps it lacks; reads only (never creates or migrates). */
export async function storeSchemaStatus(target: StoreTarget): Promise<StoreSchemaStatus> {
  if (target.databaseUrl) {
    const { postgresSchemaStatus, redactUrl } = await import("./postgres/index.js");
    const status = await postgresSchemaStatus(target.databaseUrl);
    return { backend: "postgres", location: redactUrl(target.databaseUrl), ...status, exists: true };
  }
  const path = target.sqlitePath;
  const exists = existsSync(path);
  const current = exists ? sqliteVersion(path) : 0;
  const pending = MIGRATIONS.filter((m) => m.version > current).map((m) => m.version);
  return { backend: "sqlite", location: path, current, latest: LATEST_SCHEMA_VERSION, pending, exists };
}

function sqliteVersion(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
    return table === undefined ? 0 : currentSchemaVersion(db);
  } finally {
    db.close();
  }
}

/** Applies the target's pending schema steps (creating a missing SQLite file); returns the versions applied. */
export async function migrateStoreSchema(target: StoreTarget): Promise<number[]> {
  if (target.databaseUrl) {
    const { migratePostgres } = await import("./postgres/index.js");
    return migratePostgres(target.databaseUrl);
  }
  const before = (await storeSchemaStatus(target)).pending;
  openDatabase(target.sqlitePath, false, () => new Date()).db.close();
  return before;
}
