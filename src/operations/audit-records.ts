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
import { openStore, ordersToCsv, ordersToJson, type Store } from "../store/index.js";

export { AUDIT_EVENT_TYPES, AuditDatabaseNotFoundError } from "../store/index.js";
export type { AuditEventType, AuditRecord, ChainVerification, StoreStats };

/** Which store the audit commands read: the PostgreSQL database when a URL is given, else the SQLite file. */
export interface StoreTarget {
  sqlitePath: string;
  databaseUrl: string | null;
  /** The chain's key file (default: `audit-hmac.key` next to the SQLite file). */
  hmacKeyFile?: string | undefined;
}

async function withStore<T>(target: StoreTarget, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({
    sqlitePath: target.sqlitePath,
    databaseUrl: target.databaseUrl,
    mustExist: true,
    ...(target.hmacKeyFile === undefined ? {} : { hmacKeyFile: target.hmacKeyFile }),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function queryAuditLog(
  target: StoreTarget,
  query: AuditQuery,
): Promise<{ records: AuditRecord[]; total: number }> {
  return withStore(target, (store) => store.queryAudit(query));
}

export function auditStats(target: StoreTarget): Promise<StoreStats> {
  return withStore(target, (store) => store.stats());
}

export function verifyAuditChain(target: StoreTarget): Promise<ChainVerification> {
  return withStore(target, (store) => store.verifyChain());
}

export interface OrderExport {
  count: number;
  /** Serialised rows; null when nothing matched (no file is written then). */
  content: string | null;
}

export function exportOrderHistory(
  target: StoreTarget,
  query: OrderQuery,
  format: "csv" | "json",
  pretty: boolean,
): Promise<OrderExport> {
  return withStore(target, async (store) => {
    const { orders } = await store.queryOrders(query);
    if (orders.length === 0) return { count: 0, content: null };
    return {
      count: orders.length,
      content: format === "csv" ? ordersToCsv(orders) : `${ordersToJson(orders, pretty)}\n`,
    };
  });
}
