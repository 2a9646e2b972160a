// The shared backend: the Store interface over PostgreSQL. Calls outside a transaction use any pooled connection;
// calls inside `transaction` (found through the async context) use that transaction's connection. Appends that
// must be ordered across instances (audit chain, event sequence) run in a transaction holding the write lock.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { ApprovalDecision, ApprovalInsert, ApprovalRecord, ApprovalRowStatus } from "../approvals.js";
import type { AuditAppend, AuditPage, AuditQuery, AuditRecord } from "../audit-log.js";
import type { ChainKey } from "../audit-key.js";
import { EVENT_RETENTION_MS, type EventAppend, type StoredEvent } from "../event-log.js";
import type { ChainVerification } from "../hash-chain.js";
import type { ClaimOutcome, JournalClaim, JournalEntry, JournalState, JournalUpdate } from "../journal.js";
import type { Fill, FillData, OrderInput, OrderPage, OrderQuery, OrderRecord, OrderUpdate } from "../order-types.js";
import type { Store, StoreStats } from "../store.js";
import { PgAuditLog } from "./audit-chain.js";
import type { Database } from "./connection.js";
import { redactUrl } from "./errors.js";
import { EVENTS_CHANNEL, PgEventLog } from "./events.js";
import { PgApprovals } from "./approvals.js";
import { PgJournal } from "./journal.js";
import { KILL_SWITCH_CHANNEL, parseKillSwitchPayload, PgKillSwitch } from "./kill-switch.js";
import { NotificationListener } from "./listener.js";
import { PgOrderHistory } from "./orders.js";

export interface PostgresStoreParts {
  db: Database;
  schemaVersion: number;
  now: () => Date;
  key: ChainKey | undefined;
  onAppendError?: ((error: unknown, entry: AuditAppend) => void) | undefined;
  /** Told about a broken idle or listening connection (the store recovers by itself). */
  onConnectionError?: ((error: Error) => void) | undefined;
  /** Stream events are kept at least this long (never below EVENT_RETENTION_MS, 24 h). */
  eventRetentionMs?: number | undefined;
}

export class PostgresStore implements Store {
  readonly backend = "postgres" as const;
  readonly location: string;
  readonly schemaVersion: number;
  readonly sharedKillSwitch: PgKillSwitch;
  private readonly db: Database;
  private readonly audit: PgAuditLog;
  private readonly orders: PgOrderHistory;
  private readonly journal: PgJournal;
  private readonly approvals: PgApprovals;
  private readonly events: PgEventLog;
  private readonly listener: NotificationListener;
  private readonly eventListeners = new Set<() => void>();
  private readonly fingerprintKey: Buffer;
  private readonly instanceId = randomUUID();
  private readonly onAppendError: PostgresStoreParts["onAppendError"];
  private failures = 0;

  constructor(parts: PostgresStoreParts) {
    const { db, now } = parts;
    this.db = db;
    this.location = redactUrl(db.url);
    this.schemaVersion = parts.schemaVersion;
    this.onAppendError = parts.onAppendError;
    this.fingerprintKey = parts.key?.key ?? randomBytes(32);
    this.audit = new PgAuditLog(db, now, parts.key);
    this.orders = new PgOrderHistory(db, now);
    this.journal = new PgJournal(db, now);
    this.approvals = new PgApprovals(db, now);
    const retentionMs = Math.max(EVENT_RETENTION_MS, parts.eventRetentionMs ?? EVENT_RETENTION_MS);
    this.events = new PgEventLog(db, now, this.instanceId, retentionMs);
    this.sharedKillSwitch = new PgKillSwitch(db, now);
    const onError = parts.onConnectionError ?? (() => undefined);
    this.listener = new NotificationListener(db.url, [EVENTS_CHANNEL, KILL_SWITCH_CHANNEL], {
      onNotification: (channel, payload) => this.onNotification(channel, payload),
      onReconnect: () => {
        this.tellEventListeners();
        this.sharedKillSwitch.announce(undefined).catch(onError);
      },
      onError,
    });
  }

  /** Connects the LISTEN client and signs a head left unsigned (rows written before the key existed). */
  async start(signHead: boolean): Promise<void> {
    if (signHead) await this.audit.signExistingHead();
    await this.listener.start();
  }

  private onNotification(channel: string, payload: string): void {
    if (channel === EVENTS_CHANNEL) {
      // This instance's own appends were told at their commit.
      if (payload !== this.instanceId) this.tellEventListeners();
    } else if (channel === KILL_SWITCH_CHANNEL) {
      this.sharedKillSwitch.announce(parseKillSwitchPayload(payload)).catch(() => undefined);
    }
  }

  private tellEventListeners(): void {
    for (const listener of this.eventListeners) {
      try {
        listener();
      } catch {
        // A listener only notes that there is news; its failure is its own.
      }
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  append(entry: AuditAppend): Promise<AuditRecord> {
    return this.db.transaction(() => this.audit.append(entry));
  }

  async appendSafe(entry: AuditAppend): Promise<AuditRecord | null> {
    try {
      return await this.db.undoableAlone(() => this.audit.append(entry));
    } catch (error) {
      this.failures += 1;
      this.onAppendError?.(error, entry);
      return null;
    }
  }

  get appendFailures(): number {
    return this.failures;
  }

  queryAudit(filter?: AuditQuery): Promise<AuditPage> {
    return this.audit.query(filter);
  }

  verifyChain(): Promise<ChainVerification> {
    return this.audit.verifyChain();
  }

  /** Same fingerprint as the SQLite backend: 16 hex characters of an HMAC under the chain key. */
  keyFingerprint(secret: string): string {
    return createHmac("sha256", this.fingerprintKey).update(`api-key|${secret}`).digest("hex").slice(0, 16);
  }

  upsertOrder(order: OrderInput): Promise<OrderRecord> {
    return this.orders.upsert(order);
  }

  getOrder(orderId: string): Promise<OrderRecord | undefined> {
    return this.orders.get(orderId);
  }

  findOrderByIbkrOrderId(ibkrOrderId: number, apiClientId?: number): Promise<OrderRecord | undefined> {
    return this.orders.findByIbkrOrderId(ibkrOrderId, apiClientId);
  }

  findOrderByPermId(permId: number): Promise<OrderRecord | undefined> {
    return this.orders.findByPermId(permId);
  }

  findOrdersByClientOrderId(clientOrderId: string): Promise<OrderRecord[]> {
    return this.orders.findByClientOrderId(clientOrderId);
  }

  updateOrder(orderId: string, change: OrderUpdate): Promise<boolean> {
    return this.orders.update(orderId, change);
  }

  addOrderFill(orderId: string, fill: Fill): Promise<FillData | undefined> {
    return this.orders.addFill(orderId, fill);
  }

  queryOrders(filter?: OrderQuery): Promise<OrderPage> {
    return this.orders.query(filter);
  }

  claimOrder(claim: JournalClaim): Promise<ClaimOutcome> {
    return this.journal.claim(claim);
  }

  getJournalEntry(clientOrderId: string): Promise<JournalEntry | undefined> {
    return this.journal.get(clientOrderId);
  }

  updateJournal(clientOrderId: string, change: JournalUpdate, from?: readonly JournalState[]): Promise<boolean> {
    return this.journal.update(clientOrderId, change, from);
  }

  unsettledJournal(): Promise<JournalEntry[]> {
    return this.journal.unsettled();
  }

  journalInState(states: readonly JournalState[]): Promise<JournalEntry[]> {
    return this.journal.inState(states);
  }

  claimFill(execId: string, orderId: string): Promise<boolean> {
    return this.journal.claimFill(execId, orderId);
  }

  insertApproval(approval: ApprovalInsert): Promise<void> {
    return this.approvals.insert(approval);
  }

  getApproval(approvalId: string): Promise<ApprovalRecord | undefined> {
    return this.approvals.get(approvalId);
  }

  approvalOfOrder(clientOrderId: string): Promise<ApprovalRecord | undefined> {
    return this.approvals.byClientOrderId(clientOrderId);
  }

  listApprovals(status: ApprovalRowStatus | undefined, limit: number): Promise<ApprovalRecord[]> {
    return this.approvals.list(status, limit);
  }

  expiredApprovals(at: string): Promise<ApprovalRecord[]> {
    return this.approvals.expiredPending(at);
  }

  decideApproval(
    approvalId: string,
    decision: ApprovalDecision,
    from: ApprovalRowStatus,
    unexpiredAt?: string,
  ): Promise<boolean> {
    return this.approvals.decide(approvalId, decision, from, unexpiredAt);
  }

  startApprovedSend(clientOrderId: string, owner: string, correlationId: string | null): Promise<boolean> {
    return this.approvals.startSend(clientOrderId, owner, correlationId);
  }

  async appendEvent(event: EventAppend): Promise<StoredEvent> {
    const stored = await this.db.transaction(() => this.events.append(event));
    this.db.afterCommit(() => this.tellEventListeners());
    return stored;
  }

  eventsAfter(after: number, topics: readonly string[] | undefined, limit: number): Promise<StoredEvent[]> {
    return this.events.after(after, topics, limit);
  }

  oldestEventSeq(): Promise<number | null> {
    return this.events.oldestSeq();
  }

  latestEventSeq(): Promise<number> {
    return this.events.latestSeq();
  }

  pruneEvents(): Promise<number> {
    return this.events.prune();
  }

  onEventAppended(listener: () => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async stats(): Promise<StoreStats> {
    const size = await this.db.one<{ n: number }>("SELECT pg_database_size(current_database()) AS n");
    return {
      backend: "postgres",
      path: this.location,
      sizeBytes: size?.n ?? 0,
      auditRecords: await this.audit.count(),
      orderRecords: await this.orders.count(),
      schemaVersion: this.schemaVersion,
    };
  }

  /** Nothing is owed (the signed head is written with every append): releases the connections. */
  async close(): Promise<void> {
    await this.listener.close();
    await this.db.end();
  }
}
