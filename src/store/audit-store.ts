// The audit store: one SQLite file with the audit log, the order history and the idempotency keys, shared safely
// by every gateway process. It takes plain values (path, clock, callbacks), never the configuration object.
import { createHmac, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { Database } from "better-sqlite3";
import { checkpointPath } from "./audit-checkpoint.js";
import { defaultKeyFile, loadOrCreateChainKey, readChainKey } from "./audit-key.js";
import {
  AuditLog,
  type AuditAppend,
  type AuditPage,
  type AuditQuery,
  type AuditRecord,
  type ChainFiles,
} from "./audit-log.js";
import {
  ApprovalBook,
  type ApprovalDecision,
  type ApprovalInsert,
  type ApprovalRecord,
  type ApprovalRowStatus,
} from "./approvals.js";
import { openDatabase } from "./database.js";
import { EVENT_RETENTION_MS, EventLog, type EventAppend, type StoredEvent } from "./event-log.js";
import type { ChainVerification } from "./hash-chain.js";
import {
  OrderJournal,
  type ClaimOutcome,
  type JournalClaim,
  type JournalEntry,
  type JournalState,
  type JournalUpdate,
} from "./journal.js";
import { OrderHistory } from "./order-history.js";
import { Statements } from "./statements.js";
import type { StoreStats } from "./store.js";
import type { Fill, FillData, OrderInput, OrderPage, OrderQuery, OrderRecord, OrderUpdate } from "./order-types.js";

export interface AuditStoreOptions {
  /** Clock of every timestamp the store writes. */
  now?: () => Date;
  /** Throw AuditDatabaseNotFoundError instead of creating a missing file (audit CLI commands). */
  mustExist?: boolean;
  /** Told about every write `appendSafe` swallowed: log it at ERROR, count `audit_write_failures_total`. */
  onAppendError?: (error: unknown, entry: AuditAppend) => void;
  /** Secret keying the hash chain (default: `audit-hmac.key` next to the database). Created 0600 when missing,
   *  except with `mustExist` (readers never create it). */
  hmacKeyFile?: string;
  /** Stream events are kept at least this long (default and minimum: EVENT_RETENTION_MS, 24 h). */
  eventRetentionMs?: number;
}

export type { StoreStats } from "./store.js";

/** Creates missing parent directories and the schema; several processes may hold the same file open. */
export function openAuditStore(path: string, options: AuditStoreOptions = {}): AuditStore {
  const now = options.now ?? (() => new Date());
  const { db, schemaVersion } = openDatabase(path, options.mustExist ?? false, now);
  try {
    const files = chainFiles(db, path, options);
    const retentionMs = Math.max(EVENT_RETENTION_MS, options.eventRetentionMs ?? EVENT_RETENTION_MS);
    const store = new AuditStore(path, db, schemaVersion, now, options.onAppendError, files, retentionMs);
    // A writer signs the head it found, so rows that predate the key are covered against truncation too.
    if (!options.mustExist) store.checkpoint();
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}

function chainFiles(db: Database, path: string, options: AuditStoreOptions): ChainFiles {
  const keyFile = options.hmacKeyFile ?? defaultKeyFile(path);
  const checkpointFile = checkpointPath(path);
  const nextId = () =>
    (db.prepare<[], { id: number | null }>("SELECT MAX(id) AS id FROM audit_log").get()?.id ?? 0) + 1;
  const key = options.mustExist ? readChainKey(keyFile) : loadOrCreateChainKey(keyFile, nextId);
  return { sealing: key && { key, checkpointFile }, checkpointExists: existsSync(checkpointFile) };
}

export class AuditStore {
  private readonly audit: AuditLog;
  private readonly orders: OrderHistory;
  private readonly journal: OrderJournal;
  private readonly statements: Statements;
  private readonly events: EventLog;
  private readonly approvals: ApprovalBook;
  private readonly fingerprintKey: Buffer;
  private failures = 0;

  constructor(
    readonly path: string,
    private readonly db: Database,
    readonly schemaVersion: number,
    private readonly now: () => Date,
    private readonly onAppendError?: (error: unknown, entry: AuditAppend) => void,
    files?: ChainFiles,
    eventRetentionMs = EVENT_RETENTION_MS,
  ) {
    this.audit = new AuditLog(db, now, files);
    this.fingerprintKey = files?.sealing?.key.key ?? randomBytes(32);
    this.orders = new OrderHistory(db, now);
    this.journal = new OrderJournal(db, now);
    this.statements = new Statements(db);
    this.events = new EventLog(db, now, eventRetentionMs);
    this.approvals = new ApprovalBook(db, now);
  }

  /**
   * Runs `writes` as one write transaction: their rows become visible together and cost one disk sync instead of
   * one each. A failed write caught inside (`appendSafe`) is undone alone and the others still commit; an error that
   * escapes `writes` rolls all of them back and is rethrown.
   */
  atomically<T>(writes: () => T): T {
    const result = this.db.transaction(writes).immediate();
    if (!this.db.inTransaction) this.audit.scheduleCheckpoint();
    return result;
  }

  /** Opens a write transaction held across asynchronous work (SqliteStore.transaction); ended by `commit`/`rollback`. */
  begin(): void {
    this.db.exec("BEGIN IMMEDIATE");
  }

  commit(): void {
    this.db.exec("COMMIT");
    this.audit.scheduleCheckpoint();
  }

  /** Undoes the open transaction; a no-op when SQLite already rolled it back (some errors do). */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  /** Signs the current head of the chain into the checkpoint file (done after every commit that appends). */
  checkpoint(): void {
    this.audit.checkpoint();
  }

  /**
   * A keyed fingerprint of a secret (an API key) for audit rows: the first 16 hex characters of its HMAC under the
   * chain key, so it identifies the key across rows without being a bare, guessable hash.
   */
  keyFingerprint(secret: string): string {
    return createHmac("sha256", this.fingerprintKey).update(`api-key|${secret}`).digest("hex").slice(0, 16);
  }

  /** Appends one chained row; throws when the write fails. */
  append(entry: AuditAppend): AuditRecord {
    return this.audit.append(entry);
  }

  /** Appends one chained row; a failure is reported to `onAppendError` and counted, never thrown. */
  appendSafe(entry: AuditAppend): AuditRecord | null {
    try {
      return this.audit.append(entry);
    } catch (error) {
      this.failures += 1;
      this.onAppendError?.(error, entry);
      return null;
    }
  }

  /** Writes `appendSafe` has swallowed since the store was opened. */
  get appendFailures(): number {
    return this.failures;
  }

  queryAudit(filter?: AuditQuery): AuditPage {
    return this.audit.query(filter);
  }

  verifyChain(): ChainVerification {
    return this.audit.verifyChain();
  }

  stats(): StoreStats {
    const pages = this.db.pragma("page_count", { simple: true }) as number;
    const pageSize = this.db.pragma("page_size", { simple: true }) as number;
    return {
      backend: "sqlite",
      path: this.path,
      sizeBytes: pages * pageSize,
      auditRecords: this.audit.count(),
      orderRecords: this.orders.count(),
      schemaVersion: this.schemaVersion,
    };
  }

  upsertOrder(order: OrderInput): OrderRecord {
    return this.orders.upsert(order);
  }

  getOrder(orderId: string): OrderRecord | undefined {
    return this.orders.get(orderId);
  }

  findOrderByIbkrOrderId(ibkrOrderId: number, apiClientId?: number): OrderRecord | undefined {
    return this.orders.findByIbkrOrderId(ibkrOrderId, apiClientId);
  }

  findOrderByPermId(permId: number): OrderRecord | undefined {
    return this.orders.findByPermId(permId);
  }

  findOrdersByClientOrderId(clientOrderId: string): OrderRecord[] {
    return this.orders.findByClientOrderId(clientOrderId);
  }

  updateOrder(orderId: string, change: OrderUpdate): boolean {
    return this.orders.update(orderId, change);
  }

  addOrderFill(orderId: string, fill: Fill): FillData | undefined {
    return this.orders.addFill(orderId, fill);
  }

  queryOrders(filter?: OrderQuery): OrderPage {
    return this.orders.query(filter);
  }

  /** Claims a clientOrderId for an order about to be sent; throws when the claim cannot be written. */
  claimOrder(claim: JournalClaim): ClaimOutcome {
    return this.journal.claim(claim);
  }

  getJournalEntry(clientOrderId: string): JournalEntry | undefined {
    return this.journal.get(clientOrderId);
  }

  /** Applies the change when the entry is in one of `from` (any state when omitted); false otherwise. */
  updateJournal(clientOrderId: string, change: JournalUpdate, from?: readonly JournalState[]): boolean {
    return this.journal.update(clientOrderId, change, from);
  }

  /** Entries in INTENDED, SENT or UNKNOWN, oldest first. */
  unsettledJournal(): JournalEntry[] {
    return this.journal.unsettled();
  }

  journalInState(states: readonly JournalState[]): JournalEntry[] {
    return this.journal.inState(states);
  }

  /** Records an execution id once across every process sharing the store: true the first time. */
  claimFill(execId: string, orderId: string): boolean {
    const sql = "INSERT INTO order_fills (exec_id, order_id, recorded_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    return this.statements.get(sql).run(execId, orderId, this.now().toISOString()).changes > 0;
  }

  /**
   * Appends one event to the durable stream sequence; inside `atomically` it commits with the audit rows written
   * there. Throws when the write fails. Events older than the retention (24 h) are pruned now and then.
   */
  appendEvent(event: EventAppend): StoredEvent {
    return this.events.append(event);
  }

  /** Stream events with seq > `after`, oldest first, at most `limit`; only the given topics when present. */
  eventsAfter(after: number, topics: readonly string[] | undefined, limit: number): StoredEvent[] {
    return this.events.after(after, topics, limit);
  }

  /** The oldest stream event still kept, null when none is. */
  oldestEventSeq(): number | null {
    return this.events.oldestSeq();
  }

  /** The newest stream seq handed out, 0 before the first. */
  latestEventSeq(): number {
    return this.events.latestSeq();
  }

  /** Removes stream events older than the retention; returns how many. */
  pruneEvents(): number {
    return this.events.prune();
  }

  /** Told (synchronously, inside the writing transaction) about every stream event this process appends. */
  onEventAppended(listener: (event: StoredEvent) => void): () => void {
    return this.events.onAppend(listener);
  }

  /** Records a new PENDING approval; throws when it cannot be written (its clientOrderId already has one). */
  insertApproval(approval: ApprovalInsert): void {
    this.approvals.insert(approval);
  }

  getApproval(approvalId: string): ApprovalRecord | undefined {
    return this.approvals.get(approvalId);
  }

  approvalOfOrder(clientOrderId: string): ApprovalRecord | undefined {
    return this.approvals.byClientOrderId(clientOrderId);
  }

  /** Newest first. */
  listApprovals(status: ApprovalRowStatus | undefined, limit: number): ApprovalRecord[] {
    return this.approvals.list(status, limit);
  }

  /** PENDING approvals expired at `at` (ISO), oldest first. */
  expiredApprovals(at: string): ApprovalRecord[] {
    return this.approvals.expiredPending(at);
  }

  /** Applies the decision when the approval is still in `from` (and, with `unexpiredAt`, not expired then). */
  decideApproval(
    approvalId: string,
    decision: ApprovalDecision,
    from: ApprovalRowStatus,
    unexpiredAt?: string,
  ): boolean {
    return this.approvals.decide(approvalId, decision, from, unexpiredAt);
  }

  /** PENDING_APPROVAL → INTENDED for an approved order, owned by this process; false when not pending. */
  startApprovedSend(clientOrderId: string, owner: string, correlationId: string | null): boolean {
    return this.approvals.startSend(clientOrderId, owner, correlationId);
  }

  close(): void {
    if (!this.db.open) return;
    this.audit.flushCheckpoint();
    this.db.close();
  }

  /** Writes the signed head checkpoint this process still owes (it is written after each turn that appended). */
  flushCheckpoint(): void {
    this.audit.flushCheckpoint();
  }
}
