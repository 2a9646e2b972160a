// The order journal: one row per clientOrderId, written before anything leaves the process. The primary key is the
// claim: whichever process inserts it first owns the order, every other process (or request) replays or waits.
// State only moves forward; an entry never sent (NOT_SENT) may be claimed again by an identical order.
import type { Database } from "better-sqlite3";
import { Statements } from "./statements.js";
import { setList } from "./where-clause.js";

export const JOURNAL_STATES = [
  "INTENDED",
  "SENT",
  "ACKNOWLEDGED",
  "REJECTED",
  "CANCELLED",
  "FILLED",
  "UNKNOWN",
  "NOT_SENT",
  /** Waiting for a person's approval (a key whose orders need one); becomes INTENDED when approved, else NOT_SENT. */
  "PENDING_APPROVAL",
] as const;
export type JournalState = (typeof JOURNAL_STATES)[number];

/** States whose outcome is not settled yet: reconciliation looks at these. */
export const UNSETTLED_STATES: readonly JournalState[] = ["INTENDED", "SENT", "UNKNOWN"];

export interface JournalClaim {
  clientOrderId: string;
  /** SHA-256 of the canonical order; a key reused with another order is a conflict. */
  orderHash: string;
  /** The canonical order (normalized spec, defaults spelled out) as JSON. */
  canonicalOrder: string;
  accountId: string | null;
  apiClientId: number | null;
  /** Interface and key that asked, e.g. `rest`, `mcp`, `cli`. */
  source: string;
  /** The claiming process (host, pid and a random part). */
  owner: string;
  correlationId: string | null;
  /**
   * INTENDED (default) for a claim made before the order is priced; SENT, with the reserved broker ids, for a claim
   * made in the same synchronous step as the send (an order whose key nobody else can know); PENDING_APPROVAL for
   * an order that waits for a person's approval.
   */
  state?: "INTENDED" | "SENT" | "PENDING_APPROVAL";
  brokerOrderIds?: number[];
}

export interface JournalEntry extends Omit<JournalClaim, "state" | "brokerOrderIds"> {
  state: JournalState;
  /** Broker order ids reserved for the order (bracket: entry, take profit, stop loss). */
  brokerOrderIds: number[];
  /** The public order id once the broker has one (permId) or it was assigned (`ord_<id>`). */
  orderId: string | null;
  /** The latest OrderResult answered for the key; callers validate its shape. */
  result: unknown;
  /** Why the order was not sent or its outcome is unknown, in words. */
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ClaimOutcome = { claimed: true; entry: JournalEntry } | { claimed: false; entry: JournalEntry };

export interface JournalUpdate {
  state?: JournalState;
  brokerOrderIds?: number[];
  orderId?: string | null;
  result?: unknown;
  note?: string | null;
}

/** A stored journal row (both backends store the same columns). */
export interface JournalRow {
  client_order_id: string;
  order_hash: string | null;
  canonical_order: string | null;
  account_id: string | null;
  api_client_id: number | null;
  broker_order_ids: string;
  source: string;
  owner: string | null;
  state: string;
  order_id: string | null;
  result: string | null;
  note: string | null;
  correlation_id: string | null;
  created_at: string;
  updated_at: string;
}

const INSERT = `INSERT INTO order_journal (client_order_id, order_hash, canonical_order, account_id, api_client_id,
    broker_order_ids, source, owner, state, correlation_id, created_at, updated_at)
  VALUES (@client_order_id, @order_hash, @canonical_order, @account_id, @api_client_id, @broker_order_ids, @source,
    @owner, @state, @correlation_id, @now, @now)
  ON CONFLICT (client_order_id) DO NOTHING`;

/** A NOT_SENT entry of the same order may be tried again: nothing of it exists at the broker. */
const RECLAIM = `UPDATE order_journal SET state = @state, owner = @owner, source = @source,
    correlation_id = @correlation_id, account_id = @account_id, api_client_id = @api_client_id,
    broker_order_ids = @broker_order_ids, order_id = NULL, result = NULL, note = NULL, updated_at = @now
  WHERE client_order_id = @client_order_id AND state = 'NOT_SENT' AND order_hash = @order_hash`;

export class OrderJournal {
  private readonly statements: Statements;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.statements = new Statements(db);
  }

  /** Inserts the entry unless the key exists; check and insert are one transaction across processes. */
  claim(claim: JournalClaim): ClaimOutcome {
    const params = {
      client_order_id: claim.clientOrderId,
      order_hash: claim.orderHash,
      canonical_order: claim.canonicalOrder,
      account_id: claim.accountId,
      api_client_id: claim.apiClientId,
      source: claim.source,
      owner: claim.owner,
      correlation_id: claim.correlationId,
      state: claim.state ?? "INTENDED",
      broker_order_ids: JSON.stringify(claim.brokerOrderIds ?? []),
      now: this.now().toISOString(),
    };
    const run = this.db.transaction((): ClaimOutcome => {
      const inserted = this.statements.get(INSERT).run(params).changes > 0;
      const reclaimed = !inserted && this.statements.get(RECLAIM).run(params).changes > 0;
      const entry = this.get(claim.clientOrderId);
      if (entry === undefined) throw new Error(`Journal entry for ${claim.clientOrderId} was not persisted`);
      return inserted || reclaimed ? { claimed: true, entry } : { claimed: false, entry };
    });
    return run.immediate();
  }

  get(clientOrderId: string): JournalEntry | undefined {
    const row = this.statements
      .get<[string], JournalRow>("SELECT * FROM order_journal WHERE client_order_id = ?")
      .get(clientOrderId);
    return row === undefined ? undefined : decodeJournalRow(row);
  }

  /**
   * Applies the change when the entry is in one of `from` (any state when omitted); false otherwise. The
   * condition makes a transition safe against a concurrent writer in another process.
   */
  update(clientOrderId: string, change: JournalUpdate, from?: readonly JournalState[]): boolean {
    const { sql, params } = journalUpdate(clientOrderId, change, from, this.now().toISOString());
    return this.statements.get<unknown[]>(sql).run(...params).changes > 0;
  }

  /** Entries whose outcome is not settled, oldest first. */
  unsettled(): JournalEntry[] {
    const sql = `SELECT * FROM order_journal WHERE state IN ('INTENDED', 'SENT', 'UNKNOWN') ORDER BY created_at ASC`;
    return this.statements.get<[], JournalRow>(sql).all().map(decodeJournalRow);
  }

  /** Entries acknowledged by the broker and still open in the journal's view, oldest first. */
  inState(states: readonly JournalState[]): JournalEntry[] {
    const sql = `SELECT * FROM order_journal WHERE state IN (${states.map(() => "?").join(", ")})
      ORDER BY created_at ASC`;
    return this.statements
      .get<unknown[], JournalRow>(sql)
      .all(...states)
      .map(decodeJournalRow);
  }

  count(): number {
    return this.statements.get<[], { n: number }>("SELECT COUNT(*) AS n FROM order_journal").get()?.n ?? 0;
  }
}

export function decodeJournalRow(row: JournalRow): JournalEntry {
  return {
    clientOrderId: row.client_order_id,
    orderHash: row.order_hash ?? "",
    canonicalOrder: row.canonical_order ?? "",
    accountId: row.account_id,
    apiClientId: row.api_client_id,
    source: row.source,
    owner: row.owner ?? "",
    correlationId: row.correlation_id,
    state: row.state as JournalState,
    brokerOrderIds: JSON.parse(row.broker_order_ids) as number[],
    orderId: row.order_id,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The conditional UPDATE of a journal entry (both backends; `?` placeholders): the given fields and `updated_at`,
 * only while the entry is in one of `from` when given.
 */
export function journalUpdate(
  clientOrderId: string,
  change: JournalUpdate,
  from: readonly JournalState[] | undefined,
  updatedAt: string,
): { sql: string; params: unknown[] } {
  const columns: Record<string, string | null | undefined> = {
    state: change.state,
    broker_order_ids: change.brokerOrderIds === undefined ? undefined : JSON.stringify(change.brokerOrderIds),
    order_id: change.orderId,
    result: change.result === undefined ? undefined : JSON.stringify(change.result),
    note: change.note,
  };
  const given = setList({ ...columns, updated_at: updatedAt });
  const params: unknown[] = [...given.params, clientOrderId];
  let condition = "client_order_id = ?";
  if (from !== undefined) {
    condition += from.length === 0 ? " AND 1 = 0" : ` AND state IN (${from.map(() => "?").join(", ")})`;
    params.push(...from);
  }
  return { sql: `UPDATE order_journal SET ${given.sets.join(", ")} WHERE ${condition}`, params };
}
