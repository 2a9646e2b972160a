// The audit_log table on PostgreSQL: chained appends in one order across instances, filtered queries and chain
// verification against the signed head kept in audit_head. An append holds the store's write lock (an advisory
// transaction lock) to its commit, so the next writer, in any instance, reads the head it wrote.
import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeAuditRow, type AuditAppend, type AuditPage, type AuditQuery, type AuditRecord } from "../audit-log.js";
import type { ChainKey } from "../audit-key.js";
import { GENESIS_HASH, rowHash, verifyRows, type AuditRow, type ChainVerification } from "../hash-chain.js";
import { whereClause } from "../where-clause.js";
import { numbered, type Database } from "./connection.js";

/** Advisory lock key of the store's ordered writes (audit chain and event sequence), held to commit. */
export const WRITE_LOCK = 728_100_002;

interface HeadRow {
  head_id: number;
  head_hash: string;
  mac: string;
  [column: string]: unknown;
}

type StoredAuditRow = AuditRow & Record<string, unknown>;

/** Same text and key as the SQLite checkpoint file's signature. */
function sign(key: ChainKey, headId: number, headHash: string): string {
  return createHmac("sha256", key.key).update(`audit-head|${headId}|${headHash}`).digest("hex");
}

export class PgAuditLog {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    /** Undefined when read without its key (a reader whose key file is missing). */
    private readonly key: ChainKey | undefined,
  ) {}

  /** Appends one chained row; must run inside a transaction (the store opens one). */
  async append(entry: AuditAppend): Promise<AuditRecord> {
    await this.db.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const last = await this.db.one<{ id: number; hash: string }>(
      "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    const head = await this.db.one<HeadRow>("SELECT head_id, head_hash, mac FROM audit_head WHERE id = 1");
    // After the signed head when it is ahead of the rows (the tail was deleted): the gap stays visible to verify.
    const fromHead = head !== undefined && head.head_id > (last?.id ?? 0);
    const id = (fromHead ? head.head_id : (last?.id ?? 0)) + 1;
    const prev_hash = fromHead ? head.head_hash : (last?.hash ?? GENESIS_HASH);
    const unhashed = {
      id,
      prev_hash,
      correlation_id: entry.correlationId ?? null,
      timestamp: (entry.timestamp ?? this.now()).toISOString(),
      event_type: entry.eventType,
      event_data: JSON.stringify(entry.eventData),
      user_context: entry.userContext == null ? null : JSON.stringify(entry.userContext),
      account_id: entry.accountId ?? null,
    };
    const row: AuditRow = { ...unhashed, hash: rowHash(unhashed, this.key) };
    await this.db.query(
      `INSERT INTO audit_log (id, correlation_id, timestamp, event_type, event_data, user_context, account_id,
        prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        row.id,
        row.correlation_id,
        row.timestamp,
        row.event_type,
        row.event_data,
        row.user_context,
        row.account_id,
        row.prev_hash,
        row.hash,
      ],
    );
    if (this.key !== undefined) await this.writeHead(this.key, row.id, row.hash);
    return decodeAuditRow(row);
  }

  private async writeHead(key: ChainKey, headId: number, headHash: string): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_head (id, head_id, head_hash, mac, written_at) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET head_id = excluded.head_id, head_hash = excluded.head_hash,
         mac = excluded.mac, written_at = excluded.written_at`,
      [headId, headHash, sign(key, headId, headHash), this.now().toISOString()],
    );
  }

  /** Signs the current head when none is signed yet (rows written before the key existed). */
  async signExistingHead(): Promise<void> {
    const key = this.key;
    if (key === undefined) return;
    await this.db.transaction(async () => {
      await this.db.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
      if ((await this.db.one("SELECT 1 FROM audit_head WHERE id = 1")) !== undefined) return;
      const last = await this.db.one<{ id: number; hash: string }>(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
      );
      if (last !== undefined) await this.writeHead(key, last.id, last.hash);
    });
  }

  async query(filter: AuditQuery = {}): Promise<AuditPage> {
    const where = whereClause([
      ["event_type", "=", filter.eventType],
      ["correlation_id", "=", filter.correlationId],
      ["account_id", "=", filter.accountId],
      ["timestamp", ">=", filter.start],
      ["timestamp", "<=", filter.end],
    ]);
    const rows = await this.db.query<StoredAuditRow>(
      numbered(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ? OFFSET ?`),
      [...where.params, filter.limit ?? 100, filter.offset ?? 0],
    );
    const total = await this.db.one<{ n: number }>(
      numbered(`SELECT COUNT(*) AS n FROM audit_log ${where.sql}`),
      where.params,
    );
    return { records: rows.map(decodeAuditRow), total: total?.n ?? 0 };
  }

  async count(): Promise<number> {
    return (await this.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log"))?.n ?? 0;
  }

  /**
   * Walks the chain and compares its last row with the signed head, in one snapshot (rows other instances append
   * meanwhile do not disturb it). Reports the same breaks as the SQLite backend.
   */
  async verifyChain(): Promise<ChainVerification> {
    return this.db.transaction(async () => {
      const rows = await this.db.query<StoredAuditRow>("SELECT * FROM audit_log ORDER BY id ASC");
      const head = await this.db.one<HeadRow>("SELECT head_id, head_hash, mac FROM audit_head WHERE id = 1");
      const first = rows[0]?.id ?? 1;
      if (this.key === undefined && head !== undefined) {
        return { ok: false, id: first, reason: "audit HMAC key file missing" };
      }
      const walk = verifyRows(rows, this.key);
      if (!walk.ok || this.key === undefined) return walk;
      return compareWithHead(this.key, rows, head, walk.count);
    }, "REPEATABLE READ");
  }
}

function compareWithHead(
  key: ChainKey,
  rows: readonly AuditRow[],
  head: HeadRow | undefined,
  count: number,
): ChainVerification {
  const last = rows.at(-1);
  if (head === undefined) {
    if (last !== undefined && last.id >= key.keyedFromId) {
      return { ok: false, id: key.keyedFromId, reason: "signed head checkpoint missing" };
    }
    return { ok: true, count };
  }
  const expected = Buffer.from(sign(key, head.head_id, head.head_hash), "hex");
  const given = Buffer.from(head.mac, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      id: last?.id ?? 1,
      reason: "head checkpoint invalid: head checkpoint signature does not match (edited, or another key)",
    };
  }
  const lastId = last?.id ?? 0;
  if (lastId < head.head_id) {
    return {
      ok: false,
      id: lastId + 1,
      reason: `rows deleted from the tail: the signed checkpoint has ${head.head_id} records, the database ${count}`,
    };
  }
  const signedRow = rows.find((row) => row.id === head.head_id);
  if (signedRow?.hash !== head.head_hash) {
    return { ok: false, id: head.head_id, reason: "record differs from the signed head checkpoint (chain recomputed)" };
  }
  return { ok: true, count };
}
