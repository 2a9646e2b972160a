// The shapes the dashboard reads from the gateway (a subset of the API's models; see /openapi.json).
export type Scope = "read" | "trade" | "propose" | "admin";

export interface SymbolSpec {
  symbol: string;
  securityType: string;
  exchange?: string;
  currency?: string;
  expiry?: string;
}

export interface Quote {
  symbol: string;
  bid: number;
  ask: number;
  last: number;
  volume: number;
  timestamp: string;
}

export interface Bar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface Position {
  accountId: string;
  symbol: string;
  assetClass: string;
  currency: string;
  quantity: number;
  avgPrice: number;
  marketPrice: number;
  marketValue: number;
  unrealizedPnl: number;
  realizedPnl: number;
}

export interface AccountPnl {
  accountId: string;
  currency: string;
  realized: number;
  unrealized: number;
}

export interface KillSwitchState {
  active: boolean;
  reason: string | null;
  activatedAt: string | null;
  source: string | null;
}

export interface TradingStatus {
  mode: string;
  tradingMode: "paper" | "live";
  ordersEnabled: boolean;
  killSwitch: KillSwitchState;
  connection: { state: string; since: string; reconnects: number; lastError: string | null };
  account: string | null;
}

export interface OpenOrder {
  orderId: string;
  clientOrderId: string | null;
  symbol: string;
  side: string;
  quantity: number;
  orderType: string;
  status: string;
  filledQuantity: number;
  remainingQuantity: number;
  limitPrice: number | null;
  stopPrice: number | null;
  accountId: string;
}

export interface Fill {
  orderId: string;
  execId: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  commission: number | null;
  time: string;
}

export interface OrderPreview {
  estimatedPrice: number | null;
  estimatedNotional: number | null;
  warnings: string[];
  exposure: {
    exposure: number | null;
    referencePrice: number | null;
    referenceSource: string | null;
    currency: string;
    baseCurrency: string;
  };
}

export interface Approval {
  approvalId: string;
  status: "PENDING" | "APPROVED" | "REJECTED" | "EXPIRED" | "FAILED";
  clientOrderId: string;
  /** The OrderSpec as placed, defaults spelled out. */
  order: {
    instrument?: { symbol?: string; securityType?: string };
    accountId?: string | null;
    side?: string;
    quantity?: number;
    orderType?: string;
    limitPrice?: number | null;
    stopPrice?: number | null;
    tif?: string;
  };
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  preview: OrderPreview | null;
  result: { status: string; orderId: string | null } | null;
}

/** One message of GET /stream (docs/streaming.md). */
export interface Envelope<T = Record<string, unknown>> {
  seq: number | null;
  topic: string;
  type: string;
  time: string;
  data: T;
}
