// Order messages other than OPEN_ORDER: ORDER_STATUS, EXECUTION_DATA, COMMISSION_REPORT and the end markers
// Order state itself lives in the engine.

import type { ContractFields } from "../contract-fields.js";
import { FieldWriter } from "../field-writer.js";
import { OUT } from "../message-ids.js";
import { MIN_SERVER_VER_PENDING_PRICE_REVISION } from "../versions.js";
import { versionOnly, versionThenReqId, type EncoderTable } from "./encoder.js";

export interface OrderStatus {
  type: "orderStatus";
  orderId: number;
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
  whyHeld: string;
  mktCapPrice: number;
}
export interface Execution {
  execId: string;
  /** `YYYYMMDD HH:MM:SS <zone>` as clients parse it. */
  time: string;
  account: string;
  exchange: string;
  side: string;
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  liquidation: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  modelCode: string;
  /** 1 added liquidity, 2 removed, 3 routed out. */
  lastLiquidity: number;
  pendingPriceRevision: boolean;
}
export interface ExecutionData {
  type: "executionData";
  /** -1 for live fills, the request's id in REQ_EXECUTIONS replies. */
  reqId: number;
  orderId: number;
  contract: ContractFields;
  execution: Execution;
}
export interface CommissionReport {
  type: "commissionReport";
  execId: string;
  commission: number;
  currency: string;
  /** undefined on opening fills. */
  realizedPnl?: number;
}

export type OrderMessage =
  | OrderStatus
  | ExecutionData
  | { type: "executionDataEnd"; reqId: number }
  | CommissionReport
  | { type: "openOrderEnd" }
  | { type: "completedOrdersEnd" };

function encodeExecution(m: ExecutionData, serverVersion: number): FieldWriter {
  const { contract: c, execution: e } = m;
  const w = new FieldWriter(OUT.EXECUTION_DATA).int(m.reqId).int(m.orderId);
  w.int(c.conId)
    .str(c.symbol)
    .str(c.secType)
    .str(c.lastTradeDateOrContractMonth)
    .float(c.strike ?? 0)
    .str(c.right);
  w.str(c.multiplier).str(c.exchange).str(c.currency).str(c.localSymbol).str(c.tradingClass);
  w.str(e.execId).str(e.time).str(e.account).str(e.exchange).str(e.side).decimal(e.shares).float(e.price);
  w.int(e.permId).int(e.clientId).int(e.liquidation).decimal(e.cumQty).float(e.avgPrice).str(e.orderRef);
  w.str("").float(undefined).str(e.modelCode).int(e.lastLiquidity); // evRule, evMultiplier: not modelled
  if (serverVersion >= MIN_SERVER_VER_PENDING_PRICE_REVISION) w.bool(e.pendingPriceRevision);
  return w;
}

export const ORDER_ENCODERS: EncoderTable<OrderMessage> = {
  orderStatus: (m) =>
    new FieldWriter(OUT.ORDER_STATUS)
      .int(m.orderId)
      .str(m.status)
      .decimal(m.filled)
      .decimal(m.remaining)
      .float(m.avgFillPrice)
      .int(m.permId)
      .int(m.parentId)
      .float(m.lastFillPrice)
      .int(m.clientId)
      .str(m.whyHeld)
      .float(m.mktCapPrice),
  executionData: encodeExecution,
  executionDataEnd: (m) => versionThenReqId(OUT.EXECUTION_DATA_END, 1, m.reqId),
  commissionReport: (m) =>
    new FieldWriter(OUT.COMMISSION_REPORT)
      .int(1)
      .str(m.execId)
      .float(m.commission)
      .str(m.currency)
      .floatOrUnset(m.realizedPnl)
      .floatOrUnset(undefined) // yield: bonds only
      .int(undefined), // yieldRedemptionDate: bonds only
  openOrderEnd: () => versionOnly(OUT.OPEN_ORDER_END, 1),
  completedOrdersEnd: () => new FieldWriter(OUT.COMPLETED_ORDERS_END),
};
