// What the adapter knows about one broker order: identity (order id, permId, client id, orderRef), terms,
// the latest broker status, fills and the last broker messages. Plain data plus identity helpers.

export const MAX_WARNINGS = 5;

export interface OrderExecution {
  execId: string;
  /** Broker execution time as the broker wrote it. */
  time: string;
  quantity: number;
  price: number;
}

/** Who placed an order and on what: shared by the order record and each fill reported for it. */
export interface OrderIdentity {
  /** The placing client's order id (0 for manual TWS orders). */
  ibOrderId: number;
  permId: number | null;
  /** API client that placed the order; null when unknown. */
  clientId: number | null;
  orderRef: string | null;
  accountId: string;
  symbol: string;
  side: "BUY" | "SELL";
}

export interface OrderRecord extends OrderIdentity {
  quantity: number;
  /** The broker's type string, e.g. "STP LMT". */
  brokerOrderType: string;
  tif: string;
  limitPrice: number | null;
  stopPrice: number | null;
  parentId: number;
  brokerStatus: string | null;
  filled: number;
  remaining: number | null;
  avgFillPrice: number;
  /** Oldest first, at most MAX_WARNINGS. */
  warnings: string[];
  lastUpdateMs: number;
  /** The gateway asked to cancel it (an IOC/FOK cancel by anyone else is an expiry). */
  cancelRequested: boolean;
  /** The broker refused the order (error 201 or an error before any status). */
  rejected: boolean;
  /** Executions reported for the order so far (exec id, broker time, shares, price), oldest first. */
  executions: OrderExecution[];
  /** Frozen the first time an id is handed out. */
  publicId: string | null;
}

export function addWarning(record: OrderRecord, message: string): void {
  record.warnings.push(message);
  if (record.warnings.length > MAX_WARNINGS) record.warnings.splice(0, record.warnings.length - MAX_WARNINGS);
}

/** permId as a decimal string when known, else `ord_<id>`; once handed out it never changes. */
export function publicOrderId(record: OrderRecord): string {
  record.publicId ??= record.permId ? String(record.permId) : `ord_${record.ibOrderId}`;
  return record.publicId;
}

/** Every id a caller may use for this order: the returned one, the permId and `ord_<id>`. */
export function matchesOrderId(record: OrderRecord, id: string, ownClientId: number): boolean {
  if (record.publicId === id) return true;
  if (record.permId !== null && String(record.permId) === id) return true;
  return record.clientId === ownClientId && id === `ord_${record.ibOrderId}`;
}
