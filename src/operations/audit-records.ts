// The audit commands' operations: query the audit log, database statistics, export order history and
// verify the hash chain. Each opens the database read-mostly for one call and closes it; a missing file is an error.
import type {
  AuditEventType,
  AuditQuery,
  AuditRecord,
  ChainVerification,
  OrderQuery,
  StoreStats,
} from "../store/index.js";
import { openAuditStore, ordersToCsv, ordersToJson, type AuditStore } from "../store/index.js";

export { AUDIT_EVENT_TYPES, AuditDatabaseNotFoundError } from "../store/index.js";
export type { AuditEventType, AuditRecord, ChainVerification, StoreStats };

function withStore<T>(path: string, fn: (store: AuditStore) => T, hmacKeyFile?: string): T {
  const store = openAuditStore(path, { mustExist: true, ...(hmacKeyFile === undefined ? {} : { hmacKeyFile }) });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

export function queryAuditLog(path: string, query: AuditQuery): { records: AuditRecord[]; total: number } {
  return withStore(path, (store) => store.queryAudit(query));
}

export function auditStats(path: string): StoreStats {
  return withStore(path, (store) => store.stats());
}

/** `hmacKeyFile`: the chain's key file (default: `audit-hmac.key` next to the database). */
export function verifyAuditChain(path: string, hmacKeyFile?: string): ChainVerification {
  return withStore(path, (store) => store.verifyChain(), hmacKeyFile);
}

export interface OrderExport {
  count: number;
  /** Serialised rows; null when nothing matched (no file is written then). */
  content: string | null;
}

export function exportOrderHistory(
  path: string,
  query: OrderQuery,
  format: "csv" | "json",
  pretty: boolean,
): OrderExport {
  return withStore(path, (store) => {
    const { orders } = store.queryOrders(query);
    if (orders.length === 0) return { count: 0, content: null };
    return {
      count: orders.length,
      content: format === "csv" ? ordersToCsv(orders) : `${ordersToJson(orders, pretty)}\n`,
    };
  });
}
