// The audit_log table: chained appends, filtered newest-first queries and chain verification.
// Appends read the previous hash inside a write transaction, so writers in other processes cannot fork the chain.
import type { Database, Statement } from "better-sqlite3";
import type { AuditEvent, AuditEventType, UserContext } from "./audit-events.js";
import { GENESIS_HASH, rowHash, verifyRows, type AuditRow, type ChainVerification } from "./hash-chain.js";
import { whereClause } from "./where-clause.js";

export type AuditAppend = AuditEvent & {
  correlationId?: string | null;
  accountId?: string | null;
  userContext?: UserContext | null;
  /** Default: the store's clock. */
  timestamp?: Date;
};

export interface AuditRecord {
  id: number;
  correlationId: string | null;
  timestamp: string;
  eventType: AuditEventType;
  eventData: Record<string, unknown>;
  userContext: UserContext | null;
  accountId: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  eventType?: AuditEventType;
  correlationId?: string;
  accountId?: string;
  /** Inclusive bounds on the ISO timestamp. */
  start?: string;
  end?: string;
  /** Default 100. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

export interface AuditPage {
  records: AuditRecord[];
  /** Rows matching the filters, ignoring limit and offset. */
  total: number;
}

/** A row before the chain gives it an id and hashes. */
type UnchainedRow = Omit<AuditRow, "id" | "prev_hash" | "hash">;

export class AuditLog {
  private readonly lastHash: Statement<[], { hash: string }>;
  private readonly insert: Statement<Omit<AuditRow, "id" | "hash">>;
  private readonly setHash: Statement<[string, number]>;
  private readonly appendInTransaction: (row: UnchainedRow) => AuditRow;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.lastHash = db.prepare("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    this.insert = db.prepare(
      `INSERT INTO audit_log (correlation_id, timestamp, event_type, event_data, user_context, account_id, prev_hash, hash)
       VALUES (@correlation_id, @timestamp, @event_type, @event_data, @user_context, @account_id, @prev_hash, '')`,
    );
    this.setHash = db.prepare("UPDATE audit_log SET hash = ? WHERE id = ?");
    const chain = db.transaction((row: UnchainedRow): AuditRow => {
      const prev_hash = this.lastHash.get()?.hash ?? GENESIS_HASH;
      // The id is part of the hashed text and only exists once the row does: insert, then seal the row.
      const id = Number(this.insert.run({ ...row, prev_hash }).lastInsertRowid);
      const hash = rowHash({ ...row, id, prev_hash });
      this.setHash.run(hash, id);
      return { ...row, id, prev_hash, hash };
    });
    this.appendInTransaction = (row) => chain.immediate(row);
  }

  append(entry: AuditAppend): AuditRecord {
    const row = this.appendInTransaction({
      correlation_id: entry.correlationId ?? null,
      timestamp: (entry.timestamp ?? this.now()).toISOString(),
      event_type: entry.eventType,
      event_data: JSON.stringify(entry.eventData),
      user_context: entry.userContext == null ? null : JSON.stringify(entry.userContext),
      account_id: entry.accountId ?? null,
    });
    return decode(row);
  }

  query(filter: AuditQuery = {}): AuditPage {
    const where = whereClause([
      ["event_type", "=", filter.eventType],
      ["correlation_id", "=", filter.correlationId],
      ["account_id", "=", filter.accountId],
      ["timestamp", ">=", filter.start],
      ["timestamp", "<=", filter.end],
    ]);
    const total = this.db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM audit_log ${where.sql}`);
    const page = this.db.prepare<unknown[], AuditRow>(
      `SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ? OFFSET ?`,
    );
    const rows = page.all(...where.params, filter.limit ?? 100, filter.offset ?? 0);
    return { records: rows.map(decode), total: total.get(...where.params)?.n ?? 0 };
  }

  count(): number {
    return this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM audit_log").get()?.n ?? 0;
  }

  /** Reads in one snapshot, so rows appended meanwhile by other processes do not disturb the walk. */
  verifyChain(): ChainVerification {
    const rows = this.db.prepare<[], AuditRow>("SELECT * FROM audit_log ORDER BY id ASC");
    return this.db.transaction(() => verifyRows(rows.iterate()))();
  }
}

function decode(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    correlationId: row.correlation_id,
    timestamp: row.timestamp,
    eventType: row.event_type as AuditEventType,
    eventData: JSON.parse(row.event_data) as Record<string, unknown>,
    userContext: row.user_context === null ? null : (JSON.parse(row.user_context) as UserContext),
    accountId: row.account_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
