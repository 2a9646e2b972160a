// The embedded backend: the Store interface over one SQLite file (AuditStore, synchronous better-sqlite3 underneath).
// A call outside a transaction runs at once; while a transaction is open, calls from outside it wait until it ends
// (one connection: they would otherwise land inside it), and calls made inside it — found through the async
// context — join it.
import { AsyncLocalStorage } from "node:async_hooks";
import { openAuditStore, type AuditStore, type AuditStoreOptions } from "./audit-store.js";
import type { ApprovalDecision, ApprovalInsert, ApprovalRecord, ApprovalRowStatus } from "./approvals.js";
import type { AuditAppend, AuditPage, AuditQuery, AuditRecord } from "./audit-log.js";
import type { EventAppend, StoredEvent } from "./event-log.js";
import type { ChainVerification } from "./hash-chain.js";
import type { ClaimOutcome, JournalClaim, JournalEntry, JournalState, JournalUpdate } from "./journal.js";
import type { Fill, FillData, OrderInput, OrderPage, OrderQuery, OrderRecord, OrderUpdate } from "./order-types.js";
import type { Store, StoreStats } from "./store.js";

/** Opens (creating and migrating when needed) the SQLite store at `path`. */
export function openSqliteStore(path: string, options: AuditStoreOptions = {}): SqliteStore {
  return new SqliteStore(openAuditStore(path, options));
}

export class SqliteStore implements Store {
  readonly backend = "sqlite" as const;
  private readonly context = new AsyncLocalStorage<symbol>();
  /** The open transaction's token, null when none is open. */
  private active: symbol | null = null;
  /** Settles when the open transaction ends. */
  private idle: Promise<void> = Promise.resolve();

  constructor(
    /** The synchronous store underneath (tests and the audit CLI read it directly). */
    readonly sync: AuditStore,
  ) {}

  get location(): string {
    return this.sync.path;
  }

  get schemaVersion(): number {
    return this.sync.schemaVersion;
  }

  get appendFailures(): number {
    return this.sync.appendFailures;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.active !== null && this.context.getStore() === this.active) return work();
    while (this.active !== null) await this.idle;
    const token = Symbol("transaction");
    let release!: () => void;
    this.idle = new Promise((resolve) => (release = resolve));
    this.active = token;
    try {
      this.sync.begin();
      let result: T;
      try {
        result = await this.context.run(token, work);
      } catch (error) {
        this.sync.rollback();
        throw error;
      }
      this.sync.commit();
      return result;
    } finally {
      this.active = null;
      release();
    }
  }

  /** Runs `op` now, or once the open transaction (that it is not part of) has ended. */
  private async call<T>(op: () => T): Promise<T> {
    while (this.active !== null && this.context.getStore() !== this.active) await this.idle;
    return op();
  }

  append(entry: AuditAppend): Promise<AuditRecord> {
    return this.call(() => this.sync.append(entry));
  }

  appendSafe(entry: AuditAppend): Promise<AuditRecord | null> {
    return this.call(() => this.sync.appendSafe(entry));
  }

  queryAudit(filter?: AuditQuery): Promise<AuditPage> {
    return this.call(() => this.sync.queryAudit(filter));
  }

  verifyChain(): Promise<ChainVerification> {
    return this.call(() => this.sync.verifyChain());
  }

  keyFingerprint(secret: string): string {
    return this.sync.keyFingerprint(secret);
  }

  upsertOrder(order: OrderInput): Promise<OrderRecord> {
    return this.call(() => this.sync.upsertOrder(order));
  }

  getOrder(orderId: string): Promise<OrderRecord | undefined> {
    return this.call(() => this.sync.getOrder(orderId));
  }

  findOrderByIbkrOrderId(ibkrOrderId: number, apiClientId?: number): Promise<OrderRecord | undefined> {
    return this.call(() => this.sync.findOrderByIbkrOrderId(ibkrOrderId, apiClientId));
  }

  findOrderByPermId(permId: number): Promise<OrderRecord | undefined> {
    return this.call(() => this.sync.findOrderByPermId(permId));
  }

  findOrdersByClientOrderId(clientOrderId: string): Promise<OrderRecord[]> {
    return this.call(() => this.sync.findOrdersByClientOrderId(clientOrderId));
  }

  updateOrder(orderId: string, change: OrderUpdate): Promise<boolean> {
    return this.call(() => this.sync.updateOrder(orderId, change));
  }

  addOrderFill(orderId: string, fill: Fill): Promise<FillData | undefined> {
    return this.call(() => this.sync.addOrderFill(orderId, fill));
  }

  queryOrders(filter?: OrderQuery): Promise<OrderPage> {
    return this.call(() => this.sync.queryOrders(filter));
  }

  claimOrder(claim: JournalClaim): Promise<ClaimOutcome> {
    return this.call(() => this.sync.claimOrder(claim));
  }

  getJournalEntry(clientOrderId: string): Promise<JournalEntry | undefined> {
    return this.call(() => this.sync.getJournalEntry(clientOrderId));
  }

  updateJournal(clientOrderId: string, change: JournalUpdate, from?: readonly JournalState[]): Promise<boolean> {
    return this.call(() => this.sync.updateJournal(clientOrderId, change, from));
  }

  unsettledJournal(): Promise<JournalEntry[]> {
    return this.call(() => this.sync.unsettledJournal());
  }

  journalInState(states: readonly JournalState[]): Promise<JournalEntry[]> {
    return this.call(() => this.sync.journalInState(states));
  }

  claimFill(execId: string, orderId: string): Promise<boolean> {
    return this.call(() => this.sync.claimFill(execId, orderId));
  }

  insertApproval(approval: ApprovalInsert): Promise<void> {
    return this.call(() => this.sync.insertApproval(approval));
  }

  getApproval(approvalId: string): Promise<ApprovalRecord | undefined> {
    return this.call(() => this.sync.getApproval(approvalId));
  }

  approvalOfOrder(clientOrderId: string): Promise<ApprovalRecord | undefined> {
    return this.call(() => this.sync.approvalOfOrder(clientOrderId));
  }

  listApprovals(status: ApprovalRowStatus | undefined, limit: number): Promise<ApprovalRecord[]> {
    return this.call(() => this.sync.listApprovals(status, limit));
  }

  expiredApprovals(at: string): Promise<ApprovalRecord[]> {
    return this.call(() => this.sync.expiredApprovals(at));
  }

  decideApproval(
    approvalId: string,
    decision: ApprovalDecision,
    from: ApprovalRowStatus,
    unexpiredAt?: string,
  ): Promise<boolean> {
    return this.call(() => this.sync.decideApproval(approvalId, decision, from, unexpiredAt));
  }

  startApprovedSend(clientOrderId: string, owner: string, correlationId: string | null): Promise<boolean> {
    return this.call(() => this.sync.startApprovedSend(clientOrderId, owner, correlationId));
  }

  appendEvent(event: EventAppend): Promise<StoredEvent> {
    return this.call(() => this.sync.appendEvent(event));
  }

  eventsAfter(after: number, topics: readonly string[] | undefined, limit: number): Promise<StoredEvent[]> {
    return this.call(() => this.sync.eventsAfter(after, topics, limit));
  }

  oldestEventSeq(): Promise<number | null> {
    return this.call(() => this.sync.oldestEventSeq());
  }

  latestEventSeq(): Promise<number> {
    return this.call(() => this.sync.latestEventSeq());
  }

  pruneEvents(): Promise<number> {
    return this.call(() => this.sync.pruneEvents());
  }

  onEventAppended(listener: () => void): () => void {
    return this.sync.onEventAppended(listener);
  }

  stats(): Promise<StoreStats> {
    return this.call(() => this.sync.stats());
  }

  async close(): Promise<void> {
    while (this.active !== null) await this.idle;
    this.sync.close();
  }
}
