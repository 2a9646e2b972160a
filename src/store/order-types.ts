// Shapes of the order_history table as the rest of the gateway sees them (camelCase, JSON columns decoded).
// Mapping to and from SQL rows lives in order-history.ts.

export interface Fill {
  exec_id: string;
  time: string;
  quantity: number;
  price: number;
  commission: number | null;
}

export interface FillData {
  fills: Fill[];
  filled_quantity: number;
  avg_fill_price: number;
}

export interface ConfigSnapshot {
  trading_mode: string;
  orders_enabled: boolean;
  mode: string;
}

/** A row to write. Optional values left undefined keep what an existing row already holds. */
export interface OrderInput {
  orderId: string;
  correlationId?: string | null;
  accountId: string;
  symbol: string;
  side: string;
  quantity: number;
  orderType: string;
  status: string;
  /** Default: the store's clock. Kept from the first write of the order. */
  placedAt?: Date;
  ibkrOrderId?: number | null;
  previewData?: unknown;
  fillData?: FillData | null;
  configSnapshot?: ConfigSnapshot | null;
  marketSnapshot?: unknown;
  clientOrderId?: string | null;
  permId?: number | null;
  apiClientId?: number | null;
  parentOrderId?: string | null;
  role?: string | null;
  brokerStatus?: string | null;
}

export interface OrderRecord {
  orderId: string;
  correlationId: string | null;
  accountId: string;
  symbol: string;
  side: string;
  quantity: number;
  orderType: string;
  status: string;
  placedAt: string;
  updatedAt: string;
  ibkrOrderId: number | null;
  previewData: unknown;
  fillData: FillData | null;
  configSnapshot: ConfigSnapshot | null;
  marketSnapshot: unknown;
  clientOrderId: string | null;
  permId: number | null;
  apiClientId: number | null;
  parentOrderId: string | null;
  role: string | null;
  brokerStatus: string | null;
}

/** Changes reported by the broker after placement; undefined members are left as they are. */
export interface OrderUpdate {
  status?: string;
  brokerStatus?: string | null;
  permId?: number | null;
  ibkrOrderId?: number | null;
  fillData?: FillData | null;
}

export interface OrderQuery {
  accountId?: string;
  symbol?: string;
  status?: string;
  correlationId?: string;
  /** Inclusive bounds on placed_at (ISO). */
  start?: string;
  end?: string;
  /** Default 1000. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

export interface OrderPage {
  orders: OrderRecord[];
  /** Rows matching the filters, ignoring limit and offset. */
  total: number;
}
