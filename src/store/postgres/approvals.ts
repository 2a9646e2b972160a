// The approvals table on PostgreSQL: the same rows and rules as the SQLite table (../approvals.ts). Every change of
// status is a conditional UPDATE, so of two instances deciding the same approval exactly one wins.
import type { ApprovalDecision, ApprovalInsert, ApprovalRecord, ApprovalRowStatus } from "../approvals.js";
import { numbered, type Database } from "./connection.js";

interface ApprovalRow {
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
  [column: string]: unknown;
}

const INSERT = `INSERT INTO approvals (approval_id, client_order_id, order_hash, canonical_order, status, requested_by,
    requester, requested_at, expires_at, preview)
  VALUES ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $8, $9)`;

export class PgApprovals {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async insert(approval: ApprovalInsert): Promise<void> {
    await this.db.query(INSERT, [
      approval.approvalId,
      approval.clientOrderId,
      approval.orderHash,
      approval.canonicalOrder,
      approval.requestedBy,
      JSON.stringify(approval.requester),
      approval.requestedAt,
      approval.expiresAt,
      approval.preview === null ? null : JSON.stringify(approval.preview),
    ]);
  }

  async get(approvalId: string): Promise<ApprovalRecord | undefined> {
    const row = await this.db.one<ApprovalRow>("SELECT * FROM approvals WHERE approval_id = $1", [approvalId]);
    return row === undefined ? undefined : decode(row);
  }

  async byClientOrderId(clientOrderId: string): Promise<ApprovalRecord | undefined> {
    const sql = "SELECT * FROM approvals WHERE client_order_id = $1";
    const row = await this.db.one<ApprovalRow>(sql, [clientOrderId]);
    return row === undefined ? undefined : decode(row);
  }

  /** Newest first; only `status` when given. */
  async list(status: ApprovalRowStatus | undefined, limit: number): Promise<ApprovalRecord[]> {
    const rows =
      status === undefined
        ? await this.db.query<ApprovalRow>("SELECT * FROM approvals ORDER BY requested_at DESC, row_no DESC LIMIT $1", [
            limit,
          ])
        : await this.db.query<ApprovalRow>(
            "SELECT * FROM approvals WHERE status = $1 ORDER BY requested_at DESC, row_no DESC LIMIT $2",
            [status, limit],
          );
    return rows.map(decode);
  }

  async expiredPending(at: string): Promise<ApprovalRecord[]> {
    const sql = "SELECT * FROM approvals WHERE status = 'PENDING' AND expires_at <= $1 ORDER BY expires_at ASC";
    return (await this.db.query<ApprovalRow>(sql, [at])).map(decode);
  }

  async decide(
    approvalId: string,
    decision: ApprovalDecision,
    from: ApprovalRowStatus,
    unexpiredAt?: string,
  ): Promise<boolean> {
    const columns: Record<string, string | null | undefined> = {
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
      reason: decision.reason,
      result: decision.result === undefined ? undefined : JSON.stringify(decision.result),
    };
    const given = Object.entries(columns).filter(([, value]) => value !== undefined);
    const params: unknown[] = [...given.map(([, value]) => value), approvalId, from];
    let condition = "approval_id = ? AND status = ?";
    if (unexpiredAt !== undefined) {
      condition += " AND expires_at > ?";
      params.push(unexpiredAt);
    }
    const sets = given.map(([column]) => `${column} = ?`).join(", ");
    const sql = numbered(`UPDATE approvals SET ${sets} WHERE ${condition} RETURNING approval_id`);
    return (await this.db.query(sql, params)).length > 0;
  }

  async startSend(clientOrderId: string, owner: string, correlationId: string | null): Promise<boolean> {
    const sql = `UPDATE order_journal SET state = 'INTENDED', owner = $1, correlation_id = $2, updated_at = $3
      WHERE client_order_id = $4 AND state = 'PENDING_APPROVAL' RETURNING client_order_id`;
    const params = [owner, correlationId, this.now().toISOString(), clientOrderId];
    return (await this.db.query(sql, params)).length > 0;
  }
}

function decode(row: ApprovalRow): ApprovalRecord {
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
