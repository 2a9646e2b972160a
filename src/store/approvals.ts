// The approvals table: one row per order that waits for a person's approval, bound to the order's hash. Every change
// of status is a conditional UPDATE (from the status it must still be in), so two processes or two requests deciding
// the same approval at once cannot both win. It stores and reads rows; what a decision does lives in operations.
import type { Database } from "better-sqlite3";
import { Statements } from "./statements.js";
import { setList } from "./where-clause.js";

export type ApprovalRowStatus = "PENDING" | "APPROVED" | "REJECTED" | "EXPIRED" | "FAILED";

export interface ApprovalInsert {
  approvalId: string;
  clientOrderId: string;
  orderHash: string;
  canonicalOrder: string;
  /** Name of the key that placed the order (never the key). */
  requestedBy: string;
  /** The placing key's scopes and limits at request time, as JSON-able data. */
  requester: unknown;
  requestedAt: string;
  expiresAt: string;
  preview: unknown;
}

export interface ApprovalRecord extends ApprovalInsert {
  status: ApprovalRowStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  result: unknown;
}

export interface ApprovalDecision {
  status: ApprovalRowStatus;
  decidedBy?: string | null;
  decidedAt?: string | null;
  reason?: string | null;
  result?: unknown;
}

/** A stored approvals row (both backends store the same columns). */
export interface ApprovalRow {
  approval_id: string;
  client_order_id: string;
  order_hash: string;
  canonical_order: string;
  status: string;
  requested_by: string;
  requester: string;
  requested_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  preview: string | null;
  result: string | null;
}

const INSERT = `INSERT INTO approvals (approval_id, client_order_id, order_hash, canonical_order, status, requested_by,
    requester, requested_at, expires_at, preview)
  VALUES (@approval_id, @client_order_id, @order_hash, @canonical_order, 'PENDING', @requested_by, @requester,
    @requested_at, @expires_at, @preview)`;

export class ApprovalBook {
  private readonly statements: Statements;

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.statements = new Statements(db);
  }

  insert(approval: ApprovalInsert): void {
    this.statements.get(INSERT).run({
      approval_id: approval.approvalId,
      client_order_id: approval.clientOrderId,
      order_hash: approval.orderHash,
      canonical_order: approval.canonicalOrder,
      requested_by: approval.requestedBy,
      requester: JSON.stringify(approval.requester),
      requested_at: approval.requestedAt,
      expires_at: approval.expiresAt,
      preview: approval.preview === null ? null : JSON.stringify(approval.preview),
    });
  }

  get(approvalId: string): ApprovalRecord | undefined {
    const sql = "SELECT * FROM approvals WHERE approval_id = ?";
    const row = this.statements.get<[string], ApprovalRow>(sql).get(approvalId);
    return row === undefined ? undefined : decodeApprovalRow(row);
  }

  byClientOrderId(clientOrderId: string): ApprovalRecord | undefined {
    const sql = "SELECT * FROM approvals WHERE client_order_id = ?";
    const row = this.statements.get<[string], ApprovalRow>(sql).get(clientOrderId);
    return row === undefined ? undefined : decodeApprovalRow(row);
  }

  /** Newest first; only `status` when given. */
  list(status: ApprovalRowStatus | undefined, limit: number): ApprovalRecord[] {
    const filter = status === undefined ? "" : " WHERE status = ?";
    const sql = `SELECT * FROM approvals${filter} ORDER BY requested_at DESC, rowid DESC LIMIT ?`;
    const params = status === undefined ? [limit] : [status, limit];
    return this.statements
      .get<unknown[], ApprovalRow>(sql)
      .all(...params)
      .map(decodeApprovalRow);
  }

  /** PENDING approvals whose expiry is at or before `at` (ISO), oldest first. */
  expiredPending(at: string): ApprovalRecord[] {
    const sql = "SELECT * FROM approvals WHERE status = 'PENDING' AND expires_at <= ? ORDER BY expires_at ASC";
    return this.statements.get<[string], ApprovalRow>(sql).all(at).map(decodeApprovalRow);
  }

  /**
   * Applies the decision when the approval is in `from`; with `unexpiredAt` (ISO) also only while it has not expired
   * at that time. False when another writer got there first (or it expired).
   */
  decide(approvalId: string, decision: ApprovalDecision, from: ApprovalRowStatus, unexpiredAt?: string): boolean {
    const { sql, params } = approvalDecision(approvalId, decision, from, unexpiredAt);
    return this.statements.get<unknown[]>(sql).run(...params).changes > 0;
  }

  /**
   * Moves an approved order's journal entry from PENDING_APPROVAL to INTENDED, owned by the approving process, so
   * the send that follows is the one a direct placement makes after its claim. False when it is not pending.
   */
  startSend(clientOrderId: string, owner: string, correlationId: string | null): boolean {
    const sql = `UPDATE order_journal SET state = 'INTENDED', owner = ?, correlation_id = ?, updated_at = ?
      WHERE client_order_id = ? AND state = 'PENDING_APPROVAL'`;
    const params = [owner, correlationId, this.now().toISOString(), clientOrderId];
    return this.statements.get<unknown[]>(sql).run(...params).changes > 0;
  }
}

export function decodeApprovalRow(row: ApprovalRow): ApprovalRecord {
  return {
    approvalId: row.approval_id,
    clientOrderId: row.client_order_id,
    orderHash: row.order_hash,
    canonicalOrder: row.canonical_order,
    status: row.status as ApprovalRowStatus,
    requestedBy: row.requested_by,
    requester: JSON.parse(row.requester) as unknown,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
    preview: row.preview === null ? null : (JSON.parse(row.preview) as unknown),
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
  };
}

/**
 * The conditional UPDATE of a decision (both backends; `?` placeholders): only while the approval is in `from` and,
 * with `unexpiredAt`, not expired at that time.
 */
export function approvalDecision(
  approvalId: string,
  decision: ApprovalDecision,
  from: ApprovalRowStatus,
  unexpiredAt: string | undefined,
): { sql: string; params: unknown[] } {
  const columns: Record<string, string | null | undefined> = {
    status: decision.status,
    decided_by: decision.decidedBy,
    decided_at: decision.decidedAt,
    reason: decision.reason,
    result: decision.result === undefined ? undefined : JSON.stringify(decision.result),
  };
  const given = setList(columns);
  const params: unknown[] = [...given.params, approvalId, from];
  let condition = "approval_id = ? AND status = ?";
  if (unexpiredAt !== undefined) {
    condition += " AND expires_at > ?";
    params.push(unexpiredAt);
  }
  return { sql: `UPDATE approvals SET ${given.sets.join(", ")} WHERE ${condition}`, params };
}
