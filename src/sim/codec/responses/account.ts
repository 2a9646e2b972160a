// Account messages: summary, positions, PnL, account updates and the multi-account variants
// Values are computed by the engine; this only lays them out.

import type { ContractFields } from "../contract-fields.js";
import { FieldWriter } from "../field-writer.js";
import { OUT } from "../message-ids.js";
import { versionOnly, versionThenReqId, type EncoderTable } from "./encoder.js";

export interface AccountSummary {
  type: "accountSummary";
  reqId: number;
  account: string;
  tag: string;
  value: string;
  currency: string;
}
export interface Position {
  type: "position";
  account: string;
  contract: ContractFields;
  position: number;
  avgCost: number;
}
export interface Pnl {
  type: "pnl";
  reqId: number;
  daily: number | undefined;
  unrealized: number | undefined;
  realized: number | undefined;
}
export interface PnlSingle {
  type: "pnlSingle";
  reqId: number;
  position: number;
  daily: number | undefined;
  unrealized: number | undefined;
  realized: number | undefined;
  value: number | undefined;
}
export interface AccountValue {
  type: "accountValue";
  key: string;
  value: string;
  currency: string;
  account: string;
}
export interface PortfolioValue {
  type: "portfolioValue";
  contract: ContractFields;
  position: number;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealizedPnl: number;
  realizedPnl: number;
  account: string;
}
export interface AccountUpdateMulti {
  type: "accountUpdateMulti";
  reqId: number;
  account: string;
  modelCode: string;
  key: string;
  value: string;
  currency: string;
}
export interface PositionMulti {
  type: "positionMulti";
  reqId: number;
  account: string;
  contract: ContractFields;
  position: number;
  avgCost: number;
  modelCode: string;
}
interface ReqIdMessage<K extends string> {
  type: K;
  reqId: number;
}

export type AccountMessage =
  | AccountSummary
  | ReqIdMessage<"accountSummaryEnd">
  | Position
  | { type: "positionEnd" }
  | Pnl
  | PnlSingle
  | AccountValue
  | PortfolioValue
  | { type: "accountUpdateTime"; time: string }
  | { type: "accountDownloadEnd"; account: string }
  | AccountUpdateMulti
  | ReqIdMessage<"accountUpdateMultiEnd">
  | PositionMulti
  | ReqIdMessage<"positionMultiEnd">;

/** conId … tradingClass with the routing exchange (POSITION_DATA, POSITION_MULTI). */
function writeContract(w: FieldWriter, c: ContractFields): FieldWriter {
  w.int(c.conId)
    .str(c.symbol)
    .str(c.secType)
    .str(c.lastTradeDateOrContractMonth)
    .float(c.strike ?? 0)
    .str(c.right);
  return w.str(c.multiplier).str(c.exchange).str(c.currency).str(c.localSymbol).str(c.tradingClass);
}

export const ACCOUNT_ENCODERS: EncoderTable<AccountMessage> = {
  accountSummary: (m) =>
    versionThenReqId(OUT.ACCOUNT_SUMMARY, 1, m.reqId).str(m.account).str(m.tag).str(m.value).str(m.currency),
  accountSummaryEnd: (m) => versionThenReqId(OUT.ACCOUNT_SUMMARY_END, 1, m.reqId),
  // Version 3: tradingClass (≥ 2) and avgCost (≥ 3) are gated on it in the clients.
  position: (m) =>
    writeContract(new FieldWriter(OUT.POSITION_DATA).int(3).str(m.account), m.contract)
      .decimal(m.position)
      .float(m.avgCost),
  positionEnd: () => versionOnly(OUT.POSITION_END, 1),
  pnl: (m) =>
    new FieldWriter(OUT.PNL).int(m.reqId).floatOrUnset(m.daily).floatOrUnset(m.unrealized).floatOrUnset(m.realized),
  pnlSingle: (m) =>
    new FieldWriter(OUT.PNL_SINGLE)
      .int(m.reqId)
      .decimal(m.position)
      .floatOrUnset(m.daily)
      .floatOrUnset(m.unrealized)
      .floatOrUnset(m.realized)
      .floatOrUnset(m.value),
  accountValue: (m) => new FieldWriter(OUT.ACCT_VALUE).int(2).str(m.key).str(m.value).str(m.currency).str(m.account),
  // Version 8 and primaryExchange (not exchange) in the contract part, as the clients' gates expect.
  portfolioValue: ({ contract: c, ...m }) =>
    new FieldWriter(OUT.PORTFOLIO_VALUE)
      .int(8)
      .int(c.conId)
      .str(c.symbol)
      .str(c.secType)
      .str(c.lastTradeDateOrContractMonth)
      .float(c.strike ?? 0)
      .str(c.right)
      .str(c.multiplier)
      .str(c.primaryExchange)
      .str(c.currency)
      .str(c.localSymbol)
      .str(c.tradingClass)
      .decimal(m.position)
      .float(m.marketPrice)
      .float(m.marketValue)
      .float(m.averageCost)
      .float(m.unrealizedPnl)
      .float(m.realizedPnl)
      .str(m.account),
  accountUpdateTime: (m) => new FieldWriter(OUT.ACCT_UPDATE_TIME).int(1).str(m.time),
  accountDownloadEnd: (m) => new FieldWriter(OUT.ACCT_DOWNLOAD_END).int(1).str(m.account),
  accountUpdateMulti: (m) =>
    versionThenReqId(OUT.ACCOUNT_UPDATE_MULTI, 1, m.reqId)
      .str(m.account)
      .str(m.modelCode)
      .str(m.key)
      .str(m.value)
      .str(m.currency),
  accountUpdateMultiEnd: (m) => versionThenReqId(OUT.ACCOUNT_UPDATE_MULTI_END, 1, m.reqId),
  positionMulti: (m) =>
    writeContract(versionThenReqId(OUT.POSITION_MULTI, 1, m.reqId).str(m.account), m.contract)
      .decimal(m.position)
      .float(m.avgCost)
      .str(m.modelCode),
  positionMultiEnd: (m) => versionThenReqId(OUT.POSITION_MULTI_END, 1, m.reqId),
};
