// The approvals table on PostgreSQL: the same rows and rules as the SQLite table (../approvals.ts). Every change of
// status is a conditional UPDATE, so of two instances deciding the same approval exactly one wins.
import {
  approvalDecision,
  decodeApprovalRow,
  type ApprovalDecision,
  type ApprovalInsert,
  type ApprovalRecord,
  type ApprovalRow,
  type ApprovalRowStatus,
} from "../approvals.js";
import { numbered, type Database } from "./connection.js";

type StoredApprovalRow = ApprovalRow & Record<string, unknown>;

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
    const row = await this.db.one<StoredApprovalRow>("SELECT * FROM approvals WHERE approval_id = $1", [approvalId]);
    return row === undefined ? undefined : decodeApprovalRow(row);
  }

  async byClientOrderId(clientOrderId: string): Promise<ApprovalRecord | undefined> {
    const sql = "SELECT * FROM approvals WHERE client_order_id = $1";
    const row = await this.db.one<StoredApprovalRow>(sql, [clientOrderId]);
    return row === undefined ? undefined : decodeApprovalRow(row);
  }

  /** Newest first; only `status` when given. */
  async list(status: ApprovalRowStatus | undefined, limit: number): Promise<ApprovalRecord[]> {
    const rows =
      status === undefined
        ? await this.db.query<StoredApprovalRow>(
            "SELECT * FROM approvals ORDER BY requested_at DESC, row_no DESC LIMIT $1",
            [limit],
          )
        : await this.db.query<StoredApprovalRow>(
            "SELECT * FROM approvals WHERE status = $1 ORDER BY requested_at DESC, row_no DESC LIMIT $2",
            [status, limit],
          );
    return rows.map(decodeApprovalRow);
  }

  async expiredPending(at: string): Promise<ApprovalRecord[]> {
    const sql = "SELECT * FROM approvals WHERE status = 'PENDING' AND expires_at <= $1 ORDER BY expires_at ASC";
    return (await this.db.query<StoredApprovalRow>(sql, [at])).map(decodeApprovalRow);
  }

  async decide(
    approvalId: string,
    decision: ApprovalDecision,
    from: ApprovalRowStatus,
    unexpiredAt?: string,
  ): Promise<boolean> {
    const { sql, params } = approvalDecision(approvalId, decision, from, unexpiredAt);
    return (await this.db.query(numbered(`${sql} RETURNING approval_id`), params)).length > 0;
  }

  async startSend(clientOrderId: string, owner: string, correlationId: string | null): Promise<boolean> {
    const sql = `UPDATE order_journal SET state = 'INTENDED', owner = $1, correlation_id = $2, updated_at = $3
      WHERE client_order_id = $4 AND state = 'PENDING_APPROVAL' RETURNING client_order_id`;
    const params = [owner, correlationId, this.now().toISOString(), clientOrderId];
    return (await this.db.query(sql, params)).length > 0;
  }
}
