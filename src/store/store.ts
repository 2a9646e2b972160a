// The narrow store interface every part of the gateway uses: the order journal, the order history, the audit chain,
// the durable stream sequence and the shared kill switch. Two backends implement it: SQLite (embedded, one file per
// installation) and PostgreSQL (shared by several gateway instances). Every call is asynchronous; a call made inside
// `transaction` joins that transaction without being handed a handle (the transaction is found through the async
// context), so helpers that take the store work the same inside and outside one.
import type { ApprovalDecision, ApprovalInsert, ApprovalRecord, ApprovalRowStatus } from "./approvals.js";
import type { AuditAppend, AuditPage, AuditQuery, AuditRecord } from "./audit-log.js";
import type { EventAppend, StoredEvent } from "./event-log.js";
import type { ChainVerification } from "./hash-chain.js";
import type { ClaimOutcome, JournalClaim, JournalEntry, JournalState, JournalUpdate } from "./journal.js";
import type { Fill, FillData, OrderInput, OrderPage, OrderQuery, OrderRecord, OrderUpdate } from "./order-types.js";

export type StoreBackend = "sqlite" | "postgres";

export interface StoreStats {
  backend: StoreBackend;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  path: string;
  /** Bytes on disk (SQLite file pages; PostgreSQL: the database size). */
  sizeBytes: number;
  auditRecords: number;
  orderRecords: number;
  schemaVersion: number;
}

/** The kill switch as the shared backend keeps it (PostgreSQL); SQLite installations keep it in a file. */
export interface SharedKillSwitchState {
  active: boolean;
  reason: string | null;
  /** Who changed it last: `rest`, `cli`, `auto`, … */
  source: string | null;
  activatedAt: string | null;
  updatedAt: string;
}

/** Kill-switch state shared by every instance of a PostgreSQL store, pushed to each of them when it changes. */
export interface SharedKillSwitch {
  read(): Promise<SharedKillSwitchState>;
  write(state: Omit<SharedKillSwitchState, "updatedAt">): Promise<SharedKillSwitchState>;
  /** Called with the new state when any instance changes it, and after the store's listening connection comes
   *  back (the state may have changed while it was away). Returns the unsubscribe function. */
  onChange(listener: (state: SharedKillSwitchState) => void): () => void;
}

export interface Store {
  readonly backend: StoreBackend;
  /** The SQLite file or the redacted PostgreSQL URL, for logs and `db status`. */
  readonly location: string;
  readonly schemaVersion: number;

  /**
   * Runs `work` as one write transaction: its writes become visible together. Store calls made inside (directly or
   * through helpers) join it. `work` must only use the store (no broker calls, no waiting on timers): the
   * transaction holds a write lock while it runs. An `appendSafe` failing inside is undone alone; an error that
   * escapes `work` rolls everything back and is rethrown.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;

  // Audit chain
  append(entry: AuditAppend): Promise<AuditRecord>;
  /** Appends one chained row; a failure is reported to the store's error callback and counted, never thrown. */
  appendSafe(entry: AuditAppend): Promise<AuditRecord | null>;
  /** Writes `appendSafe` has swallowed since the store was opened. */
  readonly appendFailures: number;
  queryAudit(filter?: AuditQuery): Promise<AuditPage>;
  verifyChain(): Promise<ChainVerification>;
  /** A keyed fingerprint of a secret (an API key) for audit rows; never the secret itself. */
  keyFingerprint(secret: string): string;

  // Order history
  upsertOrder(order: OrderInput): Promise<OrderRecord>;
  getOrder(orderId: string): Promise<OrderRecord | undefined>;
  findOrderByIbkrOrderId(ibkrOrderId: number, apiClientId?: number): Promise<OrderRecord | undefined>;
  findOrderByPermId(permId: number): Promise<OrderRecord | undefined>;
  findOrdersByClientOrderId(clientOrderId: string): Promise<OrderRecord[]>;
  updateOrder(orderId: string, change: OrderUpdate): Promise<boolean>;
  addOrderFill(orderId: string, fill: Fill): Promise<FillData | undefined>;
  queryOrders(filter?: OrderQuery): Promise<OrderPage>;

  // Order journal
  /** Claims a clientOrderId; the first writer across every process and instance wins. Throws when it cannot write. */
  claimOrder(claim: JournalClaim): Promise<ClaimOutcome>;
  getJournalEntry(clientOrderId: string): Promise<JournalEntry | undefined>;
  /** Applies the change when the entry is in one of `from` (any state when omitted); false otherwise. */
  updateJournal(clientOrderId: string, change: JournalUpdate, from?: readonly JournalState[]): Promise<boolean>;
  /** Entries in INTENDED, SENT or UNKNOWN, oldest first. */
  unsettledJournal(): Promise<JournalEntry[]>;
  journalInState(states: readonly JournalState[]): Promise<JournalEntry[]>;
  /** Records an execution id once across every process sharing the store: true the first time. */
  claimFill(execId: string, orderId: string): Promise<boolean>;

  // Approvals (orders waiting for a person's decision; see approvals.ts)
  /** Records a new PENDING approval; throws when it cannot be written (its clientOrderId already has one). */
  insertApproval(approval: ApprovalInsert): Promise<void>;
  getApproval(approvalId: string): Promise<ApprovalRecord | undefined>;
  approvalOfOrder(clientOrderId: string): Promise<ApprovalRecord | undefined>;
  /** Newest first; only `status` when given. */
  listApprovals(status: ApprovalRowStatus | undefined, limit: number): Promise<ApprovalRecord[]>;
  /** PENDING approvals expired at `at` (ISO), oldest first. */
  expiredApprovals(at: string): Promise<ApprovalRecord[]>;
  /**
   * Applies the decision when the approval is still in `from` (and, with `unexpiredAt`, not expired then); false
   * when another writer (in any process or instance) decided first.
   */
  decideApproval(
    approvalId: string,
    decision: ApprovalDecision,
    from: ApprovalRowStatus,
    unexpiredAt?: string,
  ): Promise<boolean>;
  /** PENDING_APPROVAL → INTENDED for an approved order, owned by `owner`; false when it is not pending. */
  startApprovedSend(clientOrderId: string, owner: string, correlationId: string | null): Promise<boolean>;

  // Durable stream sequence
  /** Appends one event; inside `transaction` it commits with the rows written there. */
  appendEvent(event: EventAppend): Promise<StoredEvent>;
  eventsAfter(after: number, topics: readonly string[] | undefined, limit: number): Promise<StoredEvent[]>;
  oldestEventSeq(): Promise<number | null>;
  latestEventSeq(): Promise<number>;
  pruneEvents(): Promise<number>;
  /**
   * Told that there may be new stream events: after this process appends one (SQLite: synchronously, inside the
   * writing transaction; readers look after the commit) and, on a shared backend, when another instance does.
   * Listeners only note that there is news and read with `eventsAfter`.
   */
  onEventAppended(listener: () => void): () => void;

  /** Present on backends shared by several instances (PostgreSQL); absent on SQLite (the kill-switch file). */
  readonly sharedKillSwitch?: SharedKillSwitch;

  stats(): Promise<StoreStats>;
  /** Writes what the store still owes (the signed audit head) and releases its connections. */
  close(): Promise<void>;
}
