// Chooses the store backend: PostgreSQL when a database URL is configured (instances sharing state), otherwise the
// embedded SQLite file. The PostgreSQL driver is loaded only when it is used.
import type { AuditStoreOptions } from "./audit-store.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { Store } from "./store.js";

export interface OpenStoreOptions extends AuditStoreOptions {
  /** `postgres://…`; absent or null: the SQLite file at `sqlitePath`. */
  databaseUrl?: string | null;
  sqlitePath: string;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { databaseUrl, sqlitePath, ...rest } = options;
  if (databaseUrl) {
    const { openPostgresStore } = await import("./postgres/index.js");
    return openPostgresStore(databaseUrl, rest);
  }
  return openSqliteStore(sqlitePath, rest);
}
