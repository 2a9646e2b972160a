// Public surface of the operations layer: the operations, their services and the kill switch runtime.
export { health, SERVER_TIME_TIMEOUT_MS } from "./health.js";
export { tradingStatus } from "./trading-status.js";
export { getKillSwitch, setKillSwitch } from "./admin-kill-switch.js";
export { KillSwitchService, type KillSwitchBroker, type KillSwitchDeps } from "./kill-switch.js";
export { DailyLossGuard, dailyLossReason, type DailyLossBroker, type DailyLossGuardDeps } from "./daily-loss-guard.js";
export { defineOperation, requireReadyBroker, type Operation } from "./operation.js";
export {
  userContext,
  type CallerKey,
  type Clock,
  type GatewayServices,
  type InterfaceName,
  type OperationContext,
} from "./services.js";
export { invoke, type InvokeOptions } from "./invoke.js";
export { OPERATION_SCOPES, requireKeyScope, requireScope } from "./scopes.js";
export {
  AUDIT_EVENT_TYPES,
  auditStats,
  AuditDatabaseNotFoundError,
  exportOrderHistory,
  queryAuditLog,
  verifyAuditChain,
  type StoreTarget,
  type AuditEventType,
  type AuditRecord,
  type ChainVerification,
  type OrderExport,
  type StoreStats,
} from "./audit-records.js";
export { exportOrders, queryAudit, verifyAudit } from "./audit-view.js";
export { recordConnectionEvents } from "./connection-events.js";
export { getHistoricalData, getQuote, HISTORICAL_REQUEST_TIMEOUT_SEC, resolveContract } from "./market-data.js";
export { getAccountSummary, getPnl, getPositions } from "./account.js";
export {
  cancelOrder,
  cancelOrderSet,
  getOrderSetStatus,
  getOrderStatus,
  listOpenOrders,
  OrderRuntime,
  placeOrder,
  previewOrder,
  recordOrderEvents,
  reconcileAll,
  startReconciliation,
} from "./orders/index.js";
export {
  approveOrder,
  expireDueApprovals,
  getApproval,
  listApprovals,
  rejectOrder,
  startApprovalSweeper,
} from "./approvals/index.js";
export {
  appendStreamEvent,
  controlEnvelope,
  DURABLE_TOPICS,
  EventFeed,
  EventHub,
  instrumentKey,
  isDurableTopic,
  LINE_LIMIT_CODE,
  LIVE_TOPICS,
  MAX_QUEUED_EVENTS,
  PnlRelay,
  QuoteFanout,
  type DurableTopic,
  type FeedSink,
  type LiveTopic,
  type QuoteWatcher,
  type StreamEnvelope,
} from "./stream/index.js";
export { recordPositionEvents } from "./position-events.js";
