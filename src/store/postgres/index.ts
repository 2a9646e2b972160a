// The shared backend: opens a PostgreSQL store (pool, schema, chain key, LISTEN connection) and the schema commands
// of `ibkr-gateway db`. Loaded only when a database URL is configured.
import type { AuditStoreOptions } from "../audit-store.js";
import { loadOrCreateChainKey, readChainKey, type ChainKey } from "../audit-key.js";
import { Database } from "./connection.js";
import { redactUrl } from "./errors.js";
import { PostgresStore } from "./postgres-store.js";
import { assertNotNewer, migrateSchema, schemaStatus, type SchemaStatus } from "./schema.js";

export { redactUrl, StoreUnavailableError } from "./errors.js";
export { PG_LATEST_SCHEMA_VERSION, type SchemaStatus } from "./schema.js";
export { PostgresStore } from "./postgres-store.js";

export interface PostgresStoreOptions extends AuditStoreOptions {
  /** Apply pending schema steps at open (default true). With false, a schema behind this gateway is refused. */
  migrate?: boolean;
  /** Told about a broken idle or listening connection; the store reconnects by itself. */
  onConnectionError?: (error: Error) => void;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const db = new Database(url, options.onConnectionError ?? (() => undefined));
  try {
    if (options.migrate !== false) await migrateSchema(db);
    const status = await schemaStatus(db);
    assertNotNewer(status.current);
    if (status.pending.length > 0) {
      throw new Error(
        `PostgreSQL store ${redactUrl(url)} is at schema version ${status.current}, this gateway needs ` +
          `${status.latest}: run 'ibkr-gateway db migrate'`,
      );
    }
    const key = await chainKey(db, options);
    const store = new PostgresStore({
      db,
      schemaVersion: status.current,
      now: options.now ?? (() => new Date()),
      key,
      onAppendError: options.onAppendError,
      onConnectionError: options.onConnectionError,
      eventRetentionMs: options.eventRetentionMs,
    });
    await store.start(options.mustExist !== true);
    return store;
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
}

/** The chain key from `hmacKeyFile` (shared by every instance): created when missing, except with `mustExist`. */
async function chainKey(db: Database, options: PostgresStoreOptions): Promise<ChainKey | undefined> {
  const file = options.hmacKeyFile;
  if (file === undefined) {
    throw new Error("The PostgreSQL store needs the audit HMAC key file (AUDIT_HMAC_KEY_FILE) shared by its instances");
  }
  if (options.mustExist) return readChainKey(file);
  const last = await db.one<{ id: number | null }>("SELECT MAX(id) AS id FROM audit_log");
  const nextId = (last?.id ?? 0) + 1;
  return loadOrCreateChainKey(file, () => nextId);
}

/** Schema version of the database at `url` and the steps it lacks (`ibkr-gateway db status`). */
export async function postgresSchemaStatus(url: string): Promise<SchemaStatus> {
  return withDatabase(url, (db) => schemaStatus(db));
}

/** Applies the pending schema steps (`ibkr-gateway db migrate`); returns the versions applied by this call. */
export async function migratePostgres(url: string): Promise<number[]> {
  return withDatabase(url, (db) => migrateSchema(db));
}

async function withDatabase<T>(url: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = new Database(url, () => undefined);
  try {
    return await fn(db);
  } finally {
    await db.end().catch(() => undefined);
  }
}
