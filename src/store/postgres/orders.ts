// The order_history table on PostgreSQL: the same upsert rule, lookups and fill bookkeeping as the SQLite table
// (order-history.ts), with the row mapping shared (order-rows.ts). `row_no` stands in for SQLite's rowid as the
// tie-breaker of equal placement times.
import {
  decode,
  encode,
  KEPT_UNLESS_GIVEN_COLUMNS,
  orderUpdate,
  REPLACED_COLUMNS,
  summariseFills,
  UPSERT_COLUMNS,
  type OrderRow,
} from "../order-rows.js";
import type { Fill, FillData, OrderInput, OrderPage, OrderQuery, OrderRecord, OrderUpdate } from "../order-types.js";
import { whereClause } from "../where-clause.js";
import { numbered, type Database } from "./connection.js";

const UPSERT_SQL = `INSERT INTO order_history (${UPSERT_COLUMNS.join(", ")})
  VALUES (${UPSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
  ON CONFLICT (order_id) DO UPDATE SET ${[
    ...REPLACED_COLUMNS.map((column) => `${column} = excluded.${column}`),
    ...KEPT_UNLESS_GIVEN_COLUMNS.map((column) => `${column} = COALESCE(excluded.${column}, order_history.${column})`),
  ].join(", ")}
  RETURNING *`;

const NEWEST_FIRST = "ORDER BY placed_at DESC, row_no DESC";

type StoredOrderRow = OrderRow & Record<string, unknown>;

export class PgOrderHistory {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async upsert(order: OrderInput): Promise<OrderRecord> {
    const row = encode(order, this.now().toISOString());
    const stored = await this.db.one<StoredOrderRow>(
      UPSERT_SQL,
      UPSERT_COLUMNS.map((column) => (row as unknown as Record<string, unknown>)[column]),
    );
    if (stored === undefined) throw new Error(`Order ${order.orderId} was not persisted`);
    return decode(stored);
  }

  get(orderId: string): Promise<OrderRecord | undefined> {
    return this.first("WHERE order_id = $1", orderId);
  }

  /** Broker order ids restart per API client and per simulator run: the most recent match wins. */
  findByIbkrOrderId(ibkrOrderId: number, apiClientId?: number): Promise<OrderRecord | undefined> {
    if (apiClientId === undefined) return this.first(`WHERE ibkr_order_id = $1 ${NEWEST_FIRST}`, ibkrOrderId);
    return this.first(`WHERE ibkr_order_id = $1 AND api_client_id = $2 ${NEWEST_FIRST}`, ibkrOrderId, apiClientId);
  }

  findByPermId(permId: number): Promise<OrderRecord | undefined> {
    return this.first(`WHERE perm_id = $1 ${NEWEST_FIRST}`, permId);
  }

  /** Every row carrying the key (all legs of a bracket), oldest first. */
  async findByClientOrderId(clientOrderId: string): Promise<OrderRecord[]> {
    const sql = "SELECT * FROM order_history WHERE client_order_id = $1 ORDER BY placed_at ASC, row_no ASC";
    return (await this.db.query<StoredOrderRow>(sql, [clientOrderId])).map(decode);
  }

  /** False when no such order is stored. */
  async update(orderId: string, change: OrderUpdate): Promise<boolean> {
    const { sql, params } = orderUpdate(orderId, change, this.now().toISOString());
    return (await this.db.query(numbered(`${sql} RETURNING order_id`), params)).length > 0;
  }

  /**
   * Records one execution (a repeated exec_id replaces the earlier one) and recomputes the totals; the row is
   * locked while it is read and written, so instances recording fills of one order at once lose none.
   */
  async addFill(orderId: string, fill: Fill): Promise<FillData | undefined> {
    return this.db.transaction(async () => {
      const row = await this.db.one<StoredOrderRow>("SELECT * FROM order_history WHERE order_id = $1 FOR UPDATE", [
        orderId,
      ]);
      if (row === undefined) return undefined;
      const order = decode(row);
      const fills = (order.fillData?.fills ?? []).filter((f) => f.exec_id !== fill.exec_id).concat(fill);
      const fillData = summariseFills(fills);
      await this.update(orderId, { fillData });
      return fillData;
    });
  }

  async query(filter: OrderQuery = {}): Promise<OrderPage> {
    const where = whereClause([
      ["account_id", "=", filter.accountId],
      ["symbol", "=", filter.symbol],
      ["status", "=", filter.status],
      ["correlation_id", "=", filter.correlationId],
      ["placed_at", ">=", filter.start],
      ["placed_at", "<=", filter.end],
    ]);
    const rows = await this.db.query<StoredOrderRow>(
      numbered(`SELECT * FROM order_history ${where.sql} ${NEWEST_FIRST} LIMIT ? OFFSET ?`),
      [...where.params, filter.limit ?? 1000, filter.offset ?? 0],
    );
    const count = await this.db.one<{ n: number }>(
      numbered(`SELECT COUNT(*) AS n FROM order_history ${where.sql}`),
      where.params,
    );
    return { orders: rows.map(decode), total: count?.n ?? 0 };
  }

  async count(): Promise<number> {
    return (await this.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM order_history"))?.n ?? 0;
  }

  private async first(condition: string, ...params: (string | number)[]): Promise<OrderRecord | undefined> {
    const row = await this.db.one<StoredOrderRow>(`SELECT * FROM order_history ${condition} LIMIT 1`, params);
    return row === undefined ? undefined : decode(row);
  }
}
