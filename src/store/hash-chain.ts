// Hash chain of the audit log: the hash of one row and the walk that verifies a sequence of rows. Rows from the
// chain key's first keyed id on are HMAC-SHA256 under a secret kept outside the database, so the chain cannot be
// recomputed from the database alone. It reads and writes no database; callers hand it rows in id order.
import { createHash, createHmac } from "node:crypto";
import type { ChainKey } from "./audit-key.js";

export const GENESIS_HASH = "0".repeat(64);

/** An audit_log row as stored (JSON columns still text, exactly what was hashed). */
export interface AuditRow {
  id: number;
  correlation_id: string | null;
  timestamp: string;
  event_type: string;
  event_data: string;
  user_context: string | null;
  account_id: string | null;
  prev_hash: string;
  hash: string;
}

export type ChainBreak =
  | "hash mismatch"
  | "prev_hash does not match previous record"
  | "audit HMAC key file missing"
  | "signed head checkpoint missing"
  | `head checkpoint invalid: ${string}`
  | `rows deleted from the tail: ${string}`
  | "record differs from the signed head checkpoint (chain recomputed)";

export type ChainVerification = { ok: true; count: number } | { ok: false; id: number; reason: ChainBreak };

/**
 * Hex SHA-256 of `prev_hash|id|timestamp|event_type|correlation_id|account_id|event_data|user_context`, or the
 * HMAC-SHA256 of the same text under the chain key for rows it keys.
 */
export function rowHash(row: Omit<AuditRow, "hash">, key?: ChainKey): string {
  const parts = [
    row.prev_hash,
    String(row.id),
    row.timestamp,
    row.event_type,
    row.correlation_id ?? "",
    row.account_id ?? "",
    row.event_data,
    row.user_context ?? "",
  ];
  const text = parts.join("|");
  if (key !== undefined && row.id >= key.keyedFromId) return createHmac("sha256", key.key).update(text).digest("hex");
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Walks rows in id order. A row whose prev_hash is not the hash of the row before it marks a deletion or an
 * edited link; a row whose own columns no longer produce its hash marks an edited row.
 */
export function verifyRows(rows: Iterable<AuditRow>, key?: ChainKey): ChainVerification {
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    if (row.prev_hash !== expectedPrev) {
      return { ok: false, id: row.id, reason: "prev_hash does not match previous record" };
    }
    if (rowHash(row, key) !== row.hash) return { ok: false, id: row.id, reason: "hash mismatch" };
    expectedPrev = row.hash;
    count += 1;
  }
  return { ok: true, count };
}
