// Versioned schema of the PostgreSQL store: the same tables and versions as the SQLite file (v1 audit log and order
// history, v2 order journal and fills, v3 stream events, v4 approvals), plus what sharing needs (the signed audit
// head, the event counter, the kill switch). Steps run under an advisory lock, each with its record in schema_version, so instances
// starting together apply each step once. Timestamps are ISO text compared byte-wise (COLLATE "C"), as in SQLite.
import type { Database } from "./connection.js";

export interface PgMigration {
  readonly version: number;
  readonly sql: string;
}

/** Advisory lock key held while migrating (advisory keys of this store: 7281000xx). */
export const MIGRATION_LOCK = 728_100_001;

const NOW_ISO = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit_log (
        id BIGINT PRIMARY KEY,
        correlation_id TEXT,
        timestamp TEXT COLLATE "C" NOT NULL,
        event_type TEXT NOT NULL,
        event_data TEXT NOT NULL,
        user_context TEXT,
        account_id TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX idx_audit_log_correlation_id ON audit_log (correlation_id);
      CREATE INDEX idx_audit_log_event_type ON audit_log (event_type);
      CREATE INDEX idx_audit_log_timestamp ON audit_log (timestamp);
      CREATE INDEX idx_audit_log_account_id ON audit_log (account_id);
      -- The signed head of the chain (SQLite keeps it in a file next to the database), written with every append.
      CREATE TABLE audit_head (
        id SMALLINT PRIMARY KEY CHECK (id = 1),
        head_id BIGINT NOT NULL,
        head_hash TEXT NOT NULL,
        mac TEXT NOT NULL,
        written_at TEXT NOT NULL
      );

      CREATE TABLE order_history (
        order_id TEXT PRIMARY KEY,
        row_no BIGSERIAL NOT NULL,
        correlation_id TEXT,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        quantity DOUBLE PRECISION NOT NULL,
        order_type TEXT NOT NULL,
        status TEXT NOT NULL,
        placed_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        ibkr_order_id BIGINT,
        preview_data TEXT,
        fill_data TEXT,
        config_snapshot TEXT,
        market_snapshot TEXT,
        client_order_id TEXT,
        perm_id BIGINT,
        api_client_id BIGINT,
        parent_order_id TEXT,
        role TEXT,
        broker_status TEXT
      );
      CREATE INDEX idx_order_history_correlation_id ON order_history (correlation_id);
      CREATE INDEX idx_order_history_account_id ON order_history (account_id);
      CREATE INDEX idx_order_history_symbol ON order_history (symbol);
      CREATE INDEX idx_order_history_status ON order_history (status);
      CREATE INDEX idx_order_history_placed_at ON order_history (placed_at);
      CREATE INDEX idx_order_history_ibkr_order_id ON order_history (ibkr_order_id);
      CREATE INDEX idx_order_history_client_order_id ON order_history (client_order_id);
      CREATE INDEX idx_order_history_perm_id ON order_history (perm_id);

      CREATE TABLE idempotency_keys (
        client_order_id TEXT PRIMARY KEY,
        order_id TEXT,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE order_journal (
        client_order_id TEXT PRIMARY KEY,
        row_no BIGSERIAL NOT NULL,
        order_hash TEXT,
        canonical_order TEXT,
        account_id TEXT,
        api_client_id BIGINT,
        broker_order_ids TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        owner TEXT,
        state TEXT NOT NULL,
        order_id TEXT,
        result TEXT,
        note TEXT,
        correlation_id TEXT,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX idx_order_journal_state ON order_journal (state);
      INSERT INTO order_journal (client_order_id, source, state, order_id, result, created_at, updated_at)
        SELECT client_order_id, 'legacy',
          CASE
            WHEN result::jsonb ->> 'status' = 'REJECTED' THEN 'REJECTED'
            WHEN order_id IS NOT NULL THEN 'ACKNOWLEDGED'
            ELSE 'UNKNOWN'
          END,
          order_id, result, created_at, updated_at
        FROM idempotency_keys;
      DROP TABLE idempotency_keys;

      CREATE TABLE order_fills (
        exec_id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE events (
        seq BIGINT PRIMARY KEY,
        time TEXT COLLATE "C" NOT NULL,
        topic TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL CHECK (data::jsonb IS NOT NULL)
      );
      CREATE INDEX idx_events_time ON events (time);
      -- The newest seq handed out; its row lock, held to commit, makes appends commit in seq order.
      CREATE TABLE event_seq (
        id SMALLINT PRIMARY KEY CHECK (id = 1),
        latest BIGINT NOT NULL
      );
      INSERT INTO event_seq (id, latest) VALUES (1, 0);
      -- The kill switch shared by every instance (SQLite installations keep it in a file).
      CREATE TABLE kill_switch (
        id SMALLINT PRIMARY KEY CHECK (id = 1),
        active BOOLEAN NOT NULL,
        reason TEXT,
        source TEXT,
        activated_at TEXT,
        updated_at TEXT NOT NULL
      );
      INSERT INTO kill_switch (id, active, updated_at) VALUES (1, false, ${NOW_ISO});
    `,
  },
  {
    // Orders that wait for a person's approval (the SQLite store's version 4).
    version: 4,
    sql: `
      CREATE TABLE approvals (
        approval_id TEXT PRIMARY KEY,
        row_no BIGSERIAL NOT NULL,
        client_order_id TEXT NOT NULL UNIQUE,
        order_hash TEXT NOT NULL,
        canonical_order TEXT NOT NULL,
        status TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requester TEXT NOT NULL CHECK (requester::jsonb IS NOT NULL),
        requested_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT,
        preview TEXT,
        result TEXT
      );
      CREATE INDEX idx_approvals_status_expires ON approvals (status, expires_at);
      CREATE INDEX idx_approvals_requested_at ON approvals (requested_at);
    `,
  },
];

export const PG_LATEST_SCHEMA_VERSION = PG_MIGRATIONS.reduce((latest, m) => Math.max(latest, m.version), 0);

export interface SchemaStatus {
  current: number;
  latest: number;
  /** Versions not applied yet, ascending. */
  pending: number[];
}

/** The applied version, 0 for an empty database. */
export async function currentVersion(db: Database): Promise<number> {
  const exists = await db.one<{ name: string | null }>("SELECT to_regclass('schema_version')::text AS name");
  if (exists?.name == null) return 0;
  const row = await db.one<{ version: number | null }>("SELECT MAX(version) AS version FROM schema_version");
  return row?.version ?? 0;
}

export async function schemaStatus(db: Database): Promise<SchemaStatus> {
  const current = await currentVersion(db);
  const pending = PG_MIGRATIONS.filter((m) => m.version > current).map((m) => m.version);
  return { current, latest: PG_LATEST_SCHEMA_VERSION, pending };
}

/** Applies the pending steps (each once across instances) and returns the versions this call applied. */
export async function migrateSchema(db: Database): Promise<number[]> {
  return db.transaction(async () => {
    await db.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await db.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    const current = await currentVersion(db);
    assertNotNewer(current);
    const applied: number[] = [];
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= current) continue;
      await db.query(migration.sql);
      await db.query(`INSERT INTO schema_version (version, applied_at) VALUES ($1, ${NOW_ISO})`, [migration.version]);
      applied.push(migration.version);
    }
    return applied;
  });
}

export function assertNotNewer(current: number): void {
  if (current > PG_LATEST_SCHEMA_VERSION) {
    throw new Error(
      `PostgreSQL store schema version ${current} is newer than this gateway supports (${PG_LATEST_SCHEMA_VERSION})`,
    );
  }
}
