// The order journal and the fill claims on PostgreSQL. A claim is a unique key: INSERT … ON CONFLICT DO NOTHING
// lets exactly one writer across every instance insert it; the others read the winner's row. Same states and
// rules as the SQLite journal (journal.ts).
import {
  decodeJournalRow,
  journalUpdate,
  type ClaimOutcome,
  type JournalClaim,
  type JournalEntry,
  type JournalRow,
  type JournalState,
  type JournalUpdate,
} from "../journal.js";
import { numbered, type Database } from "./connection.js";

/** The journal row as the driver returns it. */
type StoredJournalRow = JournalRow & Record<string, unknown>;

const INSERT = `INSERT INTO order_journal (client_order_id, order_hash, canonical_order, account_id, api_client_id,
    broker_order_ids, source, owner, state, correlation_id, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
  ON CONFLICT (client_order_id) DO NOTHING
  RETURNING *`;

/** A NOT_SENT entry of the same order may be tried again: nothing of it exists at the broker. */
const RECLAIM = `UPDATE order_journal SET state = $8, owner = $7, source = $6, correlation_id = $9,
    account_id = $3, api_client_id = $4, broker_order_ids = $5, order_id = NULL, result = NULL, note = NULL,
    updated_at = $10
  WHERE client_order_id = $1 AND state = 'NOT_SENT' AND order_hash = $2
  RETURNING *`;

export class PgJournal {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async claim(claim: JournalClaim): Promise<ClaimOutcome> {
    // INSERT's parameters; RECLAIM takes the same without the canonical order (the third).
    const params = [
      claim.clientOrderId,
      claim.orderHash,
      claim.canonicalOrder,
      claim.accountId,
      claim.apiClientId,
      JSON.stringify(claim.brokerOrderIds ?? []),
      claim.source,
      claim.owner,
      claim.state ?? "INTENDED",
      claim.correlationId,
      this.now().toISOString(),
    ];
    return this.db.transaction(async () => {
      const inserted = await this.db.one<StoredJournalRow>(INSERT, params);
      if (inserted !== undefined) return { claimed: true, entry: decodeJournalRow(inserted) };
      // The key exists (a concurrent insert waited for its winner to commit): reclaim a NOT_SENT one, else read it.
      const reclaimParams = params.filter((_, i) => i !== 2);
      const reclaimed = await this.db.one<StoredJournalRow>(RECLAIM, reclaimParams);
      if (reclaimed !== undefined) return { claimed: true, entry: decodeJournalRow(reclaimed) };
      const entry = await this.get(claim.clientOrderId);
      if (entry === undefined) throw new Error(`Journal entry for ${claim.clientOrderId} was not persisted`);
      return { claimed: false, entry };
    });
  }

  async get(clientOrderId: string): Promise<JournalEntry | undefined> {
    const row = await this.db.one<StoredJournalRow>("SELECT * FROM order_journal WHERE client_order_id = $1", [
      clientOrderId,
    ]);
    return row === undefined ? undefined : decodeJournalRow(row);
  }

  /** Applies the change when the entry is in one of `from` (any state when omitted); false otherwise. */
  async update(clientOrderId: string, change: JournalUpdate, from?: readonly JournalState[]): Promise<boolean> {
    const { sql, params } = journalUpdate(clientOrderId, change, from, this.now().toISOString());
    return (await this.db.query(numbered(`${sql} RETURNING client_order_id`), params)).length > 0;
  }

  unsettled(): Promise<JournalEntry[]> {
    return this.inState(["INTENDED", "SENT", "UNKNOWN"]);
  }

  async inState(states: readonly JournalState[]): Promise<JournalEntry[]> {
    if (states.length === 0) return [];
    const sql = "SELECT * FROM order_journal WHERE state = ANY($1) ORDER BY created_at ASC, row_no ASC";
    return (await this.db.query<StoredJournalRow>(sql, [states])).map(decodeJournalRow);
  }

  /** Records an execution id once across every instance: true the first time. */
  async claimFill(execId: string, orderId: string): Promise<boolean> {
    const sql = `INSERT INTO order_fills (exec_id, order_id, recorded_at) VALUES ($1, $2, $3)
      ON CONFLICT DO NOTHING RETURNING exec_id`;
    return (await this.db.query(sql, [execId, orderId, this.now().toISOString()])).length > 0;
  }
}
