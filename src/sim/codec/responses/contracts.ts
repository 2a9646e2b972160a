// Contract messages: CONTRACT_DATA with its version gates, CONTRACT_DATA_END and the
// option-chain parameters (SECURITY_DEFINITION_OPTION_PARAMETER and its end). Bonds (BOND_CONTRACT_DATA) are out of scope.

import { FieldWriter } from "../field-writer.js";
import { OUT } from "../message-ids.js";
import type { TagValue } from "../order-blocks.js";
import * as v from "../versions.js";
import { versionThenReqId, type EncoderTable } from "./encoder.js";

/** The 17 fund fields of a FUND contract (≥ 179); the simulator lists no funds, so they would go out empty. */
const FUND_FIELD_COUNT = 17;

export interface ContractDetails {
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  /** Sent only at ≥ 182. */
  lastTradeDate: string;
  strike: number;
  right: string;
  exchange: string;
  currency: string;
  localSymbol: string;
  marketName: string;
  tradingClass: string;
  conId: number;
  minTick: number;
  multiplier: string;
  orderTypes: string;
  validExchanges: string;
  priceMagnifier: number;
  underConId: number;
  longName: string;
  primaryExchange: string;
  contractMonth: string;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  secIdList: TagValue[];
  aggGroup: number;
  underSymbol: string;
  underSecType: string;
  marketRuleIds: string;
  realExpirationDate: string;
  stockType: string;
  minSize: number;
  sizeIncrement: number;
  suggestedSizeIncrement: number;
}
export interface ContractData {
  type: "contractData";
  reqId: number;
  details: ContractDetails;
}
export interface ContractDataEnd {
  type: "contractDataEnd";
  reqId: number;
}
export interface OptionChain {
  type: "optionChain";
  reqId: number;
  exchange: string;
  underlyingConId: number;
  tradingClass: string;
  multiplier: string;
  expirations: string[];
  strikes: number[];
}
export interface OptionChainEnd {
  type: "optionChainEnd";
  reqId: number;
}

export type ContractMessage = ContractData | ContractDataEnd | OptionChain | OptionChainEnd;

function writeIdentity(w: FieldWriter, d: ContractDetails, serverVersion: number): void {
  w.str(d.symbol).str(d.secType).str(d.lastTradeDateOrContractMonth);
  if (serverVersion >= v.MIN_SERVER_VER_LAST_TRADE_DATE) w.str(d.lastTradeDate);
  w.float(d.strike).str(d.right).str(d.exchange).str(d.currency).str(d.localSymbol).str(d.marketName);
  w.str(d.tradingClass).int(d.conId).float(d.minTick).str(d.multiplier).str(d.orderTypes).str(d.validExchanges);
}

function writeDescription(w: FieldWriter, d: ContractDetails): void {
  w.int(d.priceMagnifier).int(d.underConId).text(d.longName).str(d.primaryExchange).str(d.contractMonth);
  w.str(d.industry).str(d.category).str(d.subcategory).str(d.timeZoneId).str(d.tradingHours).str(d.liquidHours);
  w.str("").int(undefined); // evRule, evMultiplier: not modelled
  w.int(d.secIdList.length);
  for (const { tag, value } of d.secIdList) w.str(tag).str(value);
  w.int(d.aggGroup).str(d.underSymbol).str(d.underSecType).str(d.marketRuleIds).str(d.realExpirationDate);
  w.str(d.stockType).decimal(d.minSize).decimal(d.sizeIncrement).decimal(d.suggestedSizeIncrement);
}

function encodeContractData(m: ContractData, serverVersion: number): FieldWriter {
  const w = new FieldWriter(OUT.CONTRACT_DATA).int(m.reqId);
  writeIdentity(w, m.details, serverVersion);
  writeDescription(w, m.details);
  if (serverVersion >= v.MIN_SERVER_VER_FUND_DATA_FIELDS && m.details.secType === "FUND") {
    for (let i = 0; i < FUND_FIELD_COUNT; i++) w.str("");
  }
  if (serverVersion >= v.MIN_SERVER_VER_INELIGIBILITY_REASONS) w.int(0);
  return w;
}

export const CONTRACT_ENCODERS: EncoderTable<ContractMessage> = {
  contractData: encodeContractData,
  contractDataEnd: (m) => versionThenReqId(OUT.CONTRACT_DATA_END, 1, m.reqId),
  optionChain: (m) => {
    const w = new FieldWriter(OUT.SECURITY_DEFINITION_OPTION_PARAMETER).int(m.reqId).str(m.exchange);
    w.int(m.underlyingConId).str(m.tradingClass).str(m.multiplier).int(m.expirations.length);
    for (const e of m.expirations) w.str(e);
    w.int(m.strikes.length);
    for (const s of m.strikes) w.float(s);
    return w;
  },
  optionChainEnd: (m) => new FieldWriter(OUT.SECURITY_DEFINITION_OPTION_PARAMETER_END).int(m.reqId),
};
