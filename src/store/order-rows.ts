// Mapping between order_history rows (snake_case, JSON as text) and the OrderRecord the gateway works with,
// plus the fill totals derived from executions. No SQL runs here.
import type { Fill, FillData, OrderInput, OrderRecord, OrderUpdate } from "./order-types.js";
import { setList } from "./where-clause.js";

// On a repeated write the order's facts are replaced, while nullable columns keep their value when the new write
// does not carry one: a late or partial write never erases what an earlier one recorded. (Both backends' upserts.)
export const REPLACED_COLUMNS: readonly string[] = [
  "account_id",
  "symbol",
  "side",
  "quantity",
  "order_type",
  "status",
  "updated_at",
];
export const KEPT_UNLESS_GIVEN_COLUMNS: readonly string[] = [
  "correlation_id",
  "ibkr_order_id",
  "preview_data",
  "fill_data",
  "config_snapshot",
  "market_snapshot",
  "client_order_id",
  "perm_id",
  "api_client_id",
  "parent_order_id",
  "role",
  "broker_status",
];
export const UPSERT_COLUMNS = ["order_id", "placed_at", ...REPLACED_COLUMNS, ...KEPT_UNLESS_GIVEN_COLUMNS];

export interface OrderRow {
  order_id: string;
  correlation_id: string | null;
  account_id: string;
  symbol: string;
  side: string;
  quantity: number;
  order_type: string;
  status: string;
  placed_at: string;
  updated_at: string;
  ibkr_order_id: number | null;
  preview_data: string | null;
  fill_data: string | null;
  config_snapshot: string | null;
  market_snapshot: string | null;
  client_order_id: string | null;
  perm_id: number | null;
  api_client_id: number | null;
  parent_order_id: string | null;
  role: string | null;
  broker_status: string | null;
}

/** Totals of a list of executions; the average price is rounded to 6 decimals like every derived price. */
export function summariseFills(fills: Fill[]): FillData {
  const filled = fills.reduce((total, f) => total + f.quantity, 0);
  const notional = fills.reduce((total, f) => total + f.quantity * f.price, 0);
  const avg = filled === 0 ? 0 : Math.round((notional / filled) * 1e6) / 1e6;
  return { fills, filled_quantity: filled, avg_fill_price: avg };
}

export function encode(order: OrderInput, nowIso: string): OrderRow {
  return {
    order_id: order.orderId,
    correlation_id: order.correlationId ?? null,
    account_id: order.accountId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    order_type: order.orderType,
    status: order.status,
    placed_at: order.placedAt?.toISOString() ?? nowIso,
    updated_at: nowIso,
    ibkr_order_id: order.ibkrOrderId ?? null,
    preview_data: toJson(order.previewData),
    fill_data: toJson(order.fillData),
    config_snapshot: toJson(order.configSnapshot),
    market_snapshot: toJson(order.marketSnapshot),
    client_order_id: order.clientOrderId ?? null,
    perm_id: order.permId ?? null,
    api_client_id: order.apiClientId ?? null,
    parent_order_id: order.parentOrderId ?? null,
    role: order.role ?? null,
    broker_status: order.brokerStatus ?? null,
  };
}

export function decode(row: OrderRow): OrderRecord {
  return {
    orderId: row.order_id,
    correlationId: row.correlation_id,
    accountId: row.account_id,
    symbol: row.symbol,
    side: row.side,
    quantity: row.quantity,
    orderType: row.order_type,
    status: row.status,
    placedAt: row.placed_at,
    updatedAt: row.updated_at,
    ibkrOrderId: row.ibkr_order_id,
    previewData: fromJson(row.preview_data),
    fillData: fromJson(row.fill_data) as FillData | null,
    configSnapshot: fromJson(row.config_snapshot) as OrderRecord["configSnapshot"],
    marketSnapshot: fromJson(row.market_snapshot),
    clientOrderId: row.client_order_id,
    permId: row.perm_id,
    apiClientId: row.api_client_id,
    parentOrderId: row.parent_order_id,
    role: row.role,
    brokerStatus: row.broker_status,
  };
}

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function fromJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

/** The UPDATE of an order row's broker-reported fields (both backends; `?` placeholders). */
export function orderUpdate(
  orderId: string,
  change: OrderUpdate,
  updatedAt: string,
): { sql: string; params: unknown[] } {
  const { sets, params } = setList({
    status: change.status,
    broker_status: change.brokerStatus,
    perm_id: change.permId,
    ibkr_order_id: change.ibkrOrderId,
    fill_data: change.fillData === undefined ? undefined : toJson(change.fillData),
    updated_at: updatedAt,
  });
  return { sql: `UPDATE order_history SET ${sets.join(", ")} WHERE order_id = ?`, params: [...params, orderId] };
}
