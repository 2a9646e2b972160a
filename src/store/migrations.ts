// Versioned schema of the audit store. Each migration runs once, inside the same write transaction that records
// it in schema_version, so processes opening one file at the same moment cannot apply a step twice.
import type { Database } from "better-sqlite3";

export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        correlation_id TEXT,
        timestamp TEXT NOT NULL,
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

      CREATE TABLE order_history (
        order_id TEXT PRIMARY KEY,
        correlation_id TEXT,
        account_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        quantity REAL NOT NULL,
        order_type TEXT NOT NULL,
        status TEXT NOT NULL,
        placed_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ibkr_order_id INTEGER,
        preview_data TEXT,
        fill_data TEXT,
        config_snapshot TEXT,
        market_snapshot TEXT,
        client_order_id TEXT,
        perm_id INTEGER,
        api_client_id INTEGER,
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
    // The order journal replaces the idempotency keys: every order gets an entry (and a claim on its clientOrderId)
    // before it is sent. Executions are recorded once per exec id, whichever process sees them first.
    version: 2,
    sql: `
      CREATE TABLE order_journal (
        client_order_id TEXT PRIMARY KEY,
        order_hash TEXT,
        canonical_order TEXT,
        account_id TEXT,
        api_client_id INTEGER,
        broker_order_ids TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        owner TEXT,
        state TEXT NOT NULL,
        order_id TEXT,
        result TEXT,
        note TEXT,
        correlation_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX idx_order_journal_state ON order_journal (state);
      INSERT INTO order_journal (client_order_id, source, state, order_id, result, created_at, updated_at)
        SELECT client_order_id, 'legacy',
          CASE
            WHEN json_extract(result, '$.status') = 'REJECTED' THEN 'REJECTED'
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
      INSERT OR IGNORE INTO order_fills (exec_id, order_id, recorded_at)
        SELECT json_extract(f.value, '$.exec_id'), h.order_id, h.updated_at
        FROM order_history h, json_each(h.fill_data, '$.fills') f
        WHERE h.fill_data IS NOT NULL AND json_extract(f.value, '$.exec_id') IS NOT NULL;
    `,
  },
  {
    // The durable event sequence behind the live streams (GET /events, GET /stream): order, fill, connection and
    // kill-switch events with a gap-free seq that clients resume from. Old rows are pruned (docs/streaming.md).
    version: 3,
    sql: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        topic TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data))
      );
      CREATE INDEX idx_events_time ON events (time);
    `,
  },
  {
    // Orders that wait for a person's approval: one row per journalled order (its clientOrderId), bound to the
    // order's hash, with the decision and the outcome of the send. The journal entry is PENDING_APPROVAL meanwhile.
    version: 4,
    sql: `
      CREATE TABLE approvals (
        approval_id TEXT PRIMARY KEY,
        client_order_id TEXT NOT NULL UNIQUE,
        order_hash TEXT NOT NULL,
        canonical_order TEXT NOT NULL,
        status TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requester TEXT NOT NULL CHECK (json_valid(requester)),
        requested_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
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

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, m) => Math.max(latest, m.version), 0);

export function currentSchemaVersion(db: Database): number {
  const row = db.prepare<[], { version: number | null }>("SELECT MAX(version) AS version FROM schema_version").get();
  return row?.version ?? 0;
}

/** Brings the schema to the latest version and returns it; refuses a file written by a newer gateway. */
export function migrate(db: Database, now: () => Date): number {
  const run = db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    const current = currentSchemaVersion(db);
    if (current > LATEST_SCHEMA_VERSION) {
      throw new Error(
        `Audit database schema version ${current} is newer than this gateway supports (${LATEST_SCHEMA_VERSION})`,
      );
    }
    const record = db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, now().toISOString());
    }
    return currentSchemaVersion(db);
  });
  return run.immediate();
}
