// Audit event types and the event_data keys of each, so a caller cannot misname a key or mix up two events.
// Values stay plain JSON; these types describe rows, they do not validate broker data.

/** Fields shared by the events about one order request. */
interface OrderRequestData {
  symbol: string;
  side: string;
  quantity: number;
  order_type: string;
  client_order_id: string | null;
}

export interface RiskViolationData {
  rule: string;
  message: string;
  limit?: number | null;
  actual?: number | string | null;
}

interface ApprovalDecisionData {
  approval_id: string;
  client_order_id: string;
  order_hash: string;
  requested_by: string;
  decided_by: string;
}

export type RejectReason = "VALIDATION" | "KILL_SWITCH" | "CONFIRMATION" | "TRADING_DISABLED" | "BROKER";

export interface AuditEventData {
  ORDER_PREVIEW: Omit<OrderRequestData, "client_order_id"> & {
    estimated_price: number | null;
    estimated_notional: number | null;
    legs_count: number;
  };
  ORDER_SUBMIT: OrderRequestData & {
    order_id: string | null;
    ibkr_order_id: number | null;
    status: string | null;
    result_status: string;
    order_ids?: string[];
    order_roles?: Record<string, string>;
    /** Written by reconciliation for an order found at the broker whose placement left no row (a crash). */
    reconciled?: boolean;
  };
  /** A journalled order the send gate held back, or one reconciliation proved never reached the broker. */
  ORDER_NOT_SENT: OrderRequestData & { reason: string };
  ORDER_SIMULATED: OrderRequestData & { reason: string };
  ORDER_REJECTED: OrderRequestData & { reject_reason: RejectReason; errors: string[]; order_id?: string | null };
  RISK_REJECTED: OrderRequestData & { violations: RiskViolationData[] };
  ORDER_STATUS: {
    order_id: string;
    ibkr_order_id: number | null;
    status: string;
    previous_status: string | null;
    broker_status: string | null;
    filled_quantity: number;
    remaining_quantity: number;
    avg_fill_price: number;
  };
  ORDER_FILL: {
    order_id: string;
    exec_id: string;
    symbol: string;
    side: string;
    quantity: number;
    price: number;
    commission: number | null;
    commission_currency: string | null;
    cumulative_quantity: number;
    realized_pnl: number | null;
  };
  ORDER_CANCEL_REQUESTED: { order_id: string; ibkr_order_id: number | null };
  ORDER_CANCELLED: { order_id: string; ibkr_status: string | null };
  KILL_SWITCH: {
    active: boolean;
    reason: string | null;
    /** `file`: seen in the kill-switch file; `shared`: changed by another instance of a shared (PostgreSQL) store. */
    source: "cli" | "rest" | "auto" | "file" | "shared";
    cancelled_open_orders?: number;
    /** Present when the global cancel could not go out at once (broker not ready): it goes on the next ready. */
    global_cancel?: string;
  };
  CONNECTION: {
    event: "connected" | "lost" | "restored";
    host: string;
    port: number;
    client_id: number;
    mode: string;
    detail: string | null;
  };
  /** An order placed with a key whose orders need approval: journalled PENDING_APPROVAL, nothing sent. */
  APPROVAL_REQUESTED: OrderRequestData & {
    approval_id: string;
    order_hash: string;
    requested_by: string;
    expires_at: string;
  };
  /** A person approved the order (`decided_by` is the approving key's name); the send gate decides the rest. */
  APPROVAL_GRANTED: ApprovalDecisionData;
  /** A person rejected the order; it was never sent. */
  APPROVAL_DENIED: ApprovalDecisionData & { reason: string | null };
  /** Nobody decided within APPROVAL_TTL_SEC; the order was never sent. */
  APPROVAL_EXPIRED: { approval_id: string; client_order_id: string; expires_at: string };
  /** A refused request; refusals are audited once per client address, reason and window, with their `count`. */
  AUTH_FAILURE: { method: string; path: string; reason: string; count?: number; window_sec?: number };
}

export type AuditEventType = keyof AuditEventData;

/** Every event type, in the order of the contract's table. */
export const AUDIT_EVENT_TYPES = [
  "ORDER_PREVIEW",
  "ORDER_SUBMIT",
  "ORDER_NOT_SENT",
  "ORDER_SIMULATED",
  "ORDER_REJECTED",
  "RISK_REJECTED",
  "ORDER_STATUS",
  "ORDER_FILL",
  "ORDER_CANCEL_REQUESTED",
  "ORDER_CANCELLED",
  "KILL_SWITCH",
  "CONNECTION",
  "AUTH_FAILURE",
  "APPROVAL_REQUESTED",
  "APPROVAL_GRANTED",
  "APPROVAL_DENIED",
  "APPROVAL_EXPIRED",
] as const satisfies readonly AuditEventType[];

// Compile-time check that the list above names every key of AuditEventData.
const _everyTypeListed: Record<AuditEventType, true> = Object.fromEntries(
  AUDIT_EVENT_TYPES.map((t) => [t, true]),
) as Record<(typeof AUDIT_EVENT_TYPES)[number], true>;

/** One event: its type and the data of exactly that type. */
export type AuditEvent = { [T in AuditEventType]: { eventType: T; eventData: AuditEventData[T] } }[AuditEventType];

export interface UserContext {
  interface: "rest" | "mcp" | "cli" | "system";
  client_ip?: string;
  api_key_fingerprint?: string;
  /** Name of the API key used (never the key). */
  api_key_name?: string;
}
