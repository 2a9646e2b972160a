// The order_history table: one row per order (per leg for brackets), written at placement and updated as the
// broker reports. Lookups accept every id the gateway hands out. It never talks to the broker.
import type { Database } from "better-sqlite3";
import {
  decode,
  encode,
  KEPT_UNLESS_GIVEN_COLUMNS,
  orderUpdate,
  REPLACED_COLUMNS,
  summariseFills,
  UPSERT_COLUMNS,
  type OrderRow,
} from "./order-rows.js";
import type { Fill, FillData, OrderInput, OrderPage, OrderQuery, OrderRecord, OrderUpdate } from "./order-types.js";
import { Statements } from "./statements.js";
import { whereClause } from "./where-clause.js";

const UPDATES = [
  ...REPLACED_COLUMNS.map((column) => `${column} = excluded.${column}`),
  ...KEPT_UNLESS_GIVEN_COLUMNS.map((column) => `${column} = COALESCE(excluded.${column}, ${column})`),
];
const UPSERT_SQL = `INSERT INTO order_history (${UPSERT_COLUMNS.join(", ")})
  VALUES (${UPSERT_COLUMNS.map((column) => `@${column}`).join(", ")})
  ON CONFLICT (order_id) DO UPDATE SET ${UPDATES.join(", ")}
  RETURNING *`;

const NEWEST_FIRST = "ORDER BY placed_at DESC, rowid DESC";

export class OrderHistory {
  private readonly statements: Statements;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.statements = new Statements(db);
  }

  upsert(order: OrderInput): OrderRecord {
    const statement = this.statements.get<[OrderRow], OrderRow>(UPSERT_SQL);
    return decode(statement.get(encode(order, this.now().toISOString())) as OrderRow);
  }

  get(orderId: string): OrderRecord | undefined {
    return this.first("WHERE order_id = ?", orderId);
  }

  /** Broker order ids restart per API client and per simulator run: the most recent match wins. */
  findByIbkrOrderId(ibkrOrderId: number, apiClientId?: number): OrderRecord | undefined {
    if (apiClientId === undefined) return this.first(`WHERE ibkr_order_id = ? ${NEWEST_FIRST}`, ibkrOrderId);
    return this.first(`WHERE ibkr_order_id = ? AND api_client_id = ? ${NEWEST_FIRST}`, ibkrOrderId, apiClientId);
  }

  findByPermId(permId: number): OrderRecord | undefined {
    return this.first(`WHERE perm_id = ? ${NEWEST_FIRST}`, permId);
  }

  /** Every row carrying the key (all legs of a bracket), oldest first. */
  findByClientOrderId(clientOrderId: string): OrderRecord[] {
    const sql = "SELECT * FROM order_history WHERE client_order_id = ? ORDER BY placed_at ASC, rowid ASC";
    return this.statements.get<[string], OrderRow>(sql).all(clientOrderId).map(decode);
  }

  /** False when no such order is stored. */
  update(orderId: string, change: OrderUpdate): boolean {
    const { sql, params } = orderUpdate(orderId, change, this.now().toISOString());
    return this.statements.get<unknown[]>(sql).run(...params).changes > 0;
  }

  /**
   * Records one execution (a repeated exec_id replaces the earlier one, e.g. when its commission arrives) and
   * recomputes the totals, atomically. Undefined when no such order is stored.
   */
  addFill(orderId: string, fill: Fill): FillData | undefined {
    const run = this.db.transaction((): FillData | undefined => {
      const order = this.get(orderId);
      if (order === undefined) return undefined;
      const fills = (order.fillData?.fills ?? []).filter((f) => f.exec_id !== fill.exec_id).concat(fill);
      const fillData = summariseFills(fills);
      this.update(orderId, { fillData });
      return fillData;
    });
    return run.immediate();
  }

  query(filter: OrderQuery = {}): OrderPage {
    const where = whereClause([
      ["account_id", "=", filter.accountId],
      ["symbol", "=", filter.symbol],
      ["status", "=", filter.status],
      ["correlation_id", "=", filter.correlationId],
      ["placed_at", ">=", filter.start],
      ["placed_at", "<=", filter.end],
    ]);
    const count = this.statements.get<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM order_history ${where.sql}`);
    const page = this.statements.get<unknown[], OrderRow>(
      `SELECT * FROM order_history ${where.sql} ${NEWEST_FIRST} LIMIT ? OFFSET ?`,
    );
    const rows = page.all(...where.params, filter.limit ?? 1000, filter.offset ?? 0);
    return { orders: rows.map(decode), total: count.get(...where.params)?.n ?? 0 };
  }

  count(): number {
    return this.statements.get<[], { n: number }>("SELECT COUNT(*) AS n FROM order_history").get()?.n ?? 0;
  }

  private first(condition: string, ...params: (string | number)[]): OrderRecord | undefined {
    const row = this.statements
      .get<unknown[], OrderRow>(`SELECT * FROM order_history ${condition} LIMIT 1`)
      .get(...params);
    return row === undefined ? undefined : decode(row);
  }
}
