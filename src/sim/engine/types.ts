// Public data shapes of the order engine: orders as received, order/execution/commission views and the events
// the session layer turns into wire messages. Plain data; the engine's working state lives in order-book.ts.

import type { Instrument } from "../market/index.js";

export interface SimOrder {
  orderId: number;
  clientId: number;
  action: "BUY" | "SELL";
  totalQuantity: number;
  /** Wire form: MKT, LMT, STP, "STP LMT", TRAIL, "TRAIL LIMIT", MOC. */
  orderType: string;
  lmtPrice?: number;
  auxPrice?: number;
  tif: string;
  ocaGroup: string;
  ocaType: number;
  account: string;
  orderRef: string;
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  trailingPercent?: number;
  trailStopPrice?: number;
  lmtPriceOffset?: number;
  whatIf: boolean;
}

export type OrderStatusText = "PreSubmitted" | "Submitted" | "Filled" | "Cancelled" | "Inactive";

export interface OrderView {
  /** As received, except that an empty tif reads DAY and a trailing order's trailStopPrice is its current stop. */
  order: SimOrder;
  instrument: Instrument;
  permId: number;
  status: OrderStatusText;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  lastFillPrice: number;
  whyHeld: string;
  mktCapPrice: number;
}

/** A filled or cancelled order, as completed-orders requests report it. */
export interface CompletedOrderView extends OrderView {
  completedMs: number;
  /** The parent order's permId; 0 without parent. */
  parentPermId: number;
}

export interface ExecutionView {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  instrument: Instrument;
  timeMs: number;
  account: string;
  exchange: string;
  side: "BOT" | "SLD";
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
}

export interface CommissionView {
  execId: string;
  commission: number;
  currency: string;
  /** Set on closing fills only; undefined = unset on the wire. */
  realizedPnl?: number;
}

export interface WhatIfState {
  status: "PreSubmitted";
  initMarginBefore: number;
  maintMarginBefore: number;
  equityWithLoanBefore: number;
  initMarginChange: number;
  maintMarginChange: number;
  equityWithLoanChange: number;
  initMarginAfter: number;
  maintMarginAfter: number;
  equityWithLoanAfter: number;
  commission: number;
  commissionCurrency: string;
  warningText: string;
}

export type EngineEvent =
  | { type: "openOrder"; order: OrderView }
  | { type: "orderStatus"; order: OrderView }
  | { type: "execution"; execution: ExecutionView }
  | { type: "commission"; clientId: number; report: CommissionView }
  | { type: "orderError"; clientId: number; orderId: number; code: number; message: string }
  | { type: "accountChanged" };

export interface ExecutionFilter {
  clientId?: number;
  account?: string;
  /** Executions at or after this time. */
  timeMs?: number;
  symbol?: string;
  secType?: string;
  exchange?: string;
  /** BUY/SELL or BOT/SLD. */
  side?: string;
}

export interface PositionView {
  instrument: Instrument;
  position: number;
  /** Per unit × multiplier, as IB reports it (1 MES bought at 5950 → 29,750). */
  avgCost: number;
}

export interface PortfolioView {
  instrument: Instrument;
  position: number;
  marketPrice: number;
  marketValue: number;
  avgCost: number;
  unrealizedPnl: number;
  realizedPnl: number;
}

export interface AccountRow {
  tag: string;
  value: string;
  currency: string;
}

export interface AccountValueRow {
  key: string;
  value: string;
  currency: string;
}

export interface PnlView {
  daily: number;
  unrealized: number;
  realized: number;
}

export interface PnlSingleView extends PnlView {
  position: number;
  value: number;
}

/** One order as the control API's GET /state lists it. */
export interface OrderStateRow {
  orderId: number;
  clientId: number;
  permId: number;
  symbol: string;
  secType: string;
  conId: number;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | null;
  auxPrice: number | null;
  tif: string;
  ocaGroup: string;
  ocaType: number;
  parentId: number;
  transmit: boolean;
  orderRef: string;
  account: string;
  outsideRth: boolean;
  /** TRAIL / TRAIL LIMIT: percent trail (null when the trail is an amount in auxPrice). */
  trailingPercent: number | null;
  /** TRAIL / TRAIL LIMIT: the current stop (the engine's water mark once working), else as sent. */
  trailStopPrice: number | null;
  /** TRAIL LIMIT: limit offset from the stop. */
  lmtPriceOffset: number | null;
  status: OrderStatusText;
  filled: number;
  remaining: number;
  avgFillPrice: number;
}

export interface PositionStateRow {
  symbol: string;
  localSymbol: string;
  secType: string;
  conId: number;
  position: number;
  avgCost: number;
}

export interface EngineState {
  orders: OrderStateRow[];
  positions: PositionStateRow[];
  cash: number;
  netLiquidation: number;
}
