// The audit_log table: chained appends, filtered newest-first queries and chain verification, including the signed
// head checkpoint kept outside the database. Appends read the previous hash inside a write transaction, so writers
// in other processes cannot fork the chain.
import type { Database, Statement } from "better-sqlite3";
import { readCheckpoint, writeCheckpoint } from "./audit-checkpoint.js";
import type { AuditEvent, AuditEventType, UserContext } from "./audit-events.js";
import type { ChainKey } from "./audit-key.js";
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

/** The chain key and where the signed head checkpoint lives; absent for a database read without its key. */
export interface ChainSealing {
  readonly key: ChainKey;
  readonly checkpointFile: string;
}

/** Where verification found the key and checkpoint; decides what a missing piece means. */
export interface ChainFiles {
  readonly sealing: ChainSealing | undefined;
  /** A checkpoint file exists (so a key must too). */
  readonly checkpointExists: boolean;
}

/** How long after a commit its signed head checkpoint is written at the latest. */
export const CHECKPOINT_INTERVAL_MS = 100;

/** A row before the chain gives it an id and hashes. */
type UnchainedRow = Omit<AuditRow, "id" | "prev_hash" | "hash">;

export class AuditLog {
  private readonly lastHash: Statement<[], { hash: string }>;
  private readonly insert: Statement<Omit<AuditRow, "id" | "hash">>;
  private readonly setHash: Statement<[string, number]>;
  private readonly head: Statement<[], { id: number; hash: string }>;
  private readonly appendInTransaction: (row: UnchainedRow) => AuditRow;
  private pendingCheckpoint: NodeJS.Timeout | undefined;
  /** Head id this process last signed: an unchanged head is not signed again. */
  private lastSigned = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly files: ChainFiles = { sealing: undefined, checkpointExists: false },
  ) {
    this.lastHash = db.prepare("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    this.head = db.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    this.insert = db.prepare(
      `INSERT INTO audit_log (correlation_id, timestamp, event_type, event_data, user_context, account_id, prev_hash, hash)
       VALUES (@correlation_id, @timestamp, @event_type, @event_data, @user_context, @account_id, @prev_hash, '')`,
    );
    this.setHash = db.prepare("UPDATE audit_log SET hash = ? WHERE id = ?");
    const chain = db.transaction((row: UnchainedRow): AuditRow => {
      const prev_hash = this.lastHash.get()?.hash ?? GENESIS_HASH;
      // The id is part of the hashed text and only exists once the row does: insert, then seal the row.
      const id = Number(this.insert.run({ ...row, prev_hash }).lastInsertRowid);
      const hash = rowHash({ ...row, id, prev_hash }, this.files.sealing?.key);
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
    // Inside an outer transaction the row is not committed yet: AuditStore.atomically checkpoints after commit.
    if (!this.db.inTransaction) this.scheduleCheckpoint();
    return decodeAuditRow(row);
  }

  /**
   * Signs the head into the checkpoint file at most CHECKPOINT_INTERVAL_MS after the commit: the file write (a read,
   * a write and a rename) stays off the path of the request that appended, and a burst of commits costs one write.
   * `close()`, `verifyChain()` and `flushCheckpoint()` write a pending one at once.
   */
  scheduleCheckpoint(): void {
    if (this.files.sealing === undefined || this.pendingCheckpoint !== undefined) return;
    this.pendingCheckpoint = setTimeout(() => {
      this.pendingCheckpoint = undefined;
      try {
        this.checkpoint();
      } catch {
        // The database closed meanwhile (close() wrote the checkpoint) or the file is not writable: the next commit
        // tries again, and `audit verify` reports a checkpoint behind the database as unsealed rows.
      }
    }, CHECKPOINT_INTERVAL_MS);
    this.pendingCheckpoint.unref();
  }

  /** Writes a checkpoint this process scheduled and has not written yet (never signs a head it did not append). */
  flushCheckpoint(): void {
    if (this.pendingCheckpoint !== undefined) this.checkpoint();
  }

  /** Signs the current head into the checkpoint file now (no-op without a key or rows). */
  checkpoint(): void {
    if (this.pendingCheckpoint !== undefined) clearTimeout(this.pendingCheckpoint);
    this.pendingCheckpoint = undefined;
    const sealing = this.files.sealing;
    const head = sealing === undefined || !this.db.open ? undefined : this.head.get();
    if (sealing === undefined || head === undefined) return;
    if (head.id === this.lastSigned) return;
    writeCheckpoint(sealing.checkpointFile, sealing.key, { headId: head.id, headHash: head.hash });
    this.lastSigned = head.id;
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
    return { records: rows.map(decodeAuditRow), total: total.get(...where.params)?.n ?? 0 };
  }

  count(): number {
    return this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM audit_log").get()?.n ?? 0;
  }

  /**
   * Walks the chain and compares its head with the signed checkpoint, in one snapshot so rows appended meanwhile by
   * other processes do not disturb the walk. Reports the first bad row: an edited row or a chain recomputed without
   * the key (hash mismatch), a deleted or relinked row (prev_hash), rows deleted from the tail (checkpoint).
   */
  verifyChain(): ChainVerification {
    this.flushCheckpoint();
    const rows = this.db.prepare<[], AuditRow>("SELECT * FROM audit_log ORDER BY id ASC");
    return this.db.transaction((): ChainVerification => {
      const { sealing, checkpointExists } = this.files;
      const first = this.db.prepare<[], { id: number }>("SELECT MIN(id) AS id FROM audit_log").get()?.id ?? 1;
      if (sealing === undefined && checkpointExists) {
        return { ok: false, id: first, reason: "audit HMAC key file missing" };
      }
      const walk = verifyRows(rows.iterate(), sealing?.key);
      if (!walk.ok || sealing === undefined) return walk;
      return this.compareWithCheckpoint(sealing, walk.count);
    })();
  }

  private compareWithCheckpoint(sealing: ChainSealing, count: number): ChainVerification {
    const head = this.head.get();
    const read = readCheckpoint(sealing.checkpointFile, sealing.key);
    if (read.status === "missing") {
      if (head !== undefined && head.id >= sealing.key.keyedFromId) {
        return { ok: false, id: sealing.key.keyedFromId, reason: "signed head checkpoint missing" };
      }
      return { ok: true, count };
    }
    if (read.status === "invalid")
      return { ok: false, id: head?.id ?? 1, reason: `head checkpoint invalid: ${read.problem}` };
    const signed = read.head;
    const lastId = head?.id ?? 0;
    if (lastId < signed.headId) {
      return {
        ok: false,
        id: lastId + 1,
        reason: `rows deleted from the tail: the signed checkpoint has ${signed.headId} records, the database ${count}`,
      };
    }
    const row = this.db
      .prepare<[number], { hash: string }>("SELECT hash FROM audit_log WHERE id = ?")
      .get(signed.headId);
    if (row?.hash !== signed.headHash) {
      return {
        ok: false,
        id: signed.headId,
        reason: "record differs from the signed head checkpoint (chain recomputed)",
      };
    }
    return { ok: true, count };
  }
}

/** The record of a stored row (both backends store the same columns). */
export function decodeAuditRow(row: AuditRow): AuditRecord {
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
