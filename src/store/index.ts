// Public surface of src/store: the SQLite audit store, its record types and the export serialisers.
export type { ApprovalDecision, ApprovalInsert, ApprovalRecord, ApprovalRowStatus } from "./approvals.js";
export { AUDIT_EVENT_TYPES } from "./audit-events.js";
export type {
  AuditEvent,
  AuditEventData,
  AuditEventType,
  RejectReason,
  RiskViolationData,
  UserContext,
} from "./audit-events.js";
export type { AuditAppend, AuditPage, AuditQuery, AuditRecord } from "./audit-log.js";
export { openAuditStore } from "./audit-store.js";
export type { AuditStore, AuditStoreOptions } from "./audit-store.js";
export { migrateStoreSchema, openStore, storeSchemaStatus } from "./open.js";
export type { OpenStoreOptions, StoreSchemaStatus, StoreTarget } from "./open.js";
export { openSqliteStore, SqliteStore } from "./sqlite-store.js";
export type { SharedKillSwitch, SharedKillSwitchState, Store, StoreBackend, StoreStats } from "./store.js";
export { AuditDatabaseNotFoundError } from "./database.js";
export { redactUrl, StoreUnavailableError } from "./postgres/errors.js";
export { EVENT_RETENTION_MS } from "./event-log.js";
export type { EventAppend, StoredEvent } from "./event-log.js";
export type { ChainBreak, ChainVerification } from "./hash-chain.js";
export { JOURNAL_STATES, UNSETTLED_STATES } from "./journal.js";
export type { ClaimOutcome, JournalClaim, JournalEntry, JournalState, JournalUpdate } from "./journal.js";
export { LATEST_SCHEMA_VERSION } from "./migrations.js";
export { ORDER_CSV_COLUMNS, ordersToCsv, ordersToJson } from "./order-export.js";
export { summariseFills } from "./order-rows.js";
export type {
  ConfigSnapshot,
  Fill,
  FillData,
  OrderInput,
  OrderPage,
  OrderQuery,
  OrderRecord,
  OrderUpdate,
} from "./order-types.js";
