// Serialisers of `audit export`: CSV with the fixed 17 columns and JSON rows with their JSON columns decoded.
// They format records already read; filtering and file writing belong to the caller.
import type { OrderRecord } from "./order-types.js";

export const ORDER_CSV_COLUMNS = [
  "order_id",
  "correlation_id",
  "account_id",
  "symbol",
  "side",
  "quantity",
  "order_type",
  "status",
  "placed_at",
  "updated_at",
  "ibkr_order_id",
  "estimated_price",
  "estimated_notional",
  "fill_price",
  "fill_quantity",
  "trading_mode",
  "orders_enabled",
] as const;

/** Header line plus one line per order, each ending in "\n"; nulls are empty cells. */
export function ordersToCsv(orders: readonly OrderRecord[]): string {
  const lines = [ORDER_CSV_COLUMNS.join(","), ...orders.map((order) => csvCells(order).map(csvCell).join(","))];
  return `${lines.join("\n")}\n`;
}

/** The rows as stored (snake_case column names) with preview, fill, config and market snapshots decoded. */
export function ordersToJson(orders: readonly OrderRecord[], pretty = false): string {
  return JSON.stringify(orders.map(exportRow), null, pretty ? 2 : undefined);
}

function csvCells(order: OrderRecord): unknown[] {
  const preview = asRecord(order.previewData);
  return [
    order.orderId,
    order.correlationId,
    order.accountId,
    order.symbol,
    order.side,
    order.quantity,
    order.orderType,
    order.status,
    order.placedAt,
    order.updatedAt,
    order.ibkrOrderId,
    preview["estimatedPrice"],
    preview["estimatedNotional"],
    order.fillData?.avg_fill_price,
    order.fillData?.filled_quantity,
    order.configSnapshot?.trading_mode,
    order.configSnapshot?.orders_enabled,
  ];
}

// RFC 4180 quoting: a cell holding a comma, quote or line break is quoted, with inner quotes doubled.
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function exportRow(order: OrderRecord): Record<string, unknown> {
  return {
    order_id: order.orderId,
    correlation_id: order.correlationId,
    account_id: order.accountId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    order_type: order.orderType,
    status: order.status,
    placed_at: order.placedAt,
    updated_at: order.updatedAt,
    ibkr_order_id: order.ibkrOrderId,
    preview_data: order.previewData,
    fill_data: order.fillData,
    config_snapshot: order.configSnapshot,
    market_snapshot: order.marketSnapshot,
    client_order_id: order.clientOrderId,
    perm_id: order.permId,
    api_client_id: order.apiClientId,
    parent_order_id: order.parentOrderId,
    role: order.role,
    broker_status: order.brokerStatus,
  };
}
