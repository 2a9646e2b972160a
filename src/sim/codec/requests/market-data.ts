// Market-data requests: REQ_MKT_DATA and its cancel, REQ_MARKET_DATA_TYPE, REQ_HISTORICAL_DATA and its cancel
// Decoding only; entitlement, pacing and tick generation belong to the server.

import { readContract, readShortComboLegs, type ContractFields, type ShortComboLeg } from "../contract-fields.js";
import type { FieldReader } from "../field-reader.js";
import { IN } from "../message-ids.js";
import { versionThenReqId, type Decoder } from "./decoder.js";

export interface DeltaNeutralContract {
  conId: number;
  delta: number;
  price: number;
}

export interface ReqMktData {
  type: "reqMktData";
  reqId: number;
  contract: ContractFields;
  comboLegs: ShortComboLeg[];
  deltaNeutralContract: DeltaNeutralContract | undefined;
  /** Generic tick ids, e.g. [233, 236]; empty = default ticks. */
  genericTicks: string[];
  snapshot: boolean;
  regulatorySnapshot: boolean;
  /** Always empty from every known client. */
  mktDataOptions: string;
}
export interface CancelMktData {
  type: "cancelMktData";
  reqId: number;
}
export interface ReqMarketDataType {
  type: "reqMarketDataType";
  /** 1 live, 2 frozen, 3 delayed, 4 delayed-frozen. */
  marketDataType: number;
}
export interface ReqHistoricalData {
  type: "reqHistoricalData";
  reqId: number;
  contract: ContractFields;
  includeExpired: boolean;
  /** Empty = now. */
  endDateTime: string;
  barSize: string;
  duration: string;
  useRth: boolean;
  whatToShow: string;
  /** 1 = text dates, 2 = epoch seconds. */
  formatDate: number;
  comboLegs: ShortComboLeg[];
  keepUpToDate: boolean;
  chartOptions: string;
}
export interface CancelHistoricalData {
  type: "cancelHistoricalData";
  reqId: number;
}

export type MarketDataRequest =
  ReqMktData | CancelMktData | ReqMarketDataType | ReqHistoricalData | CancelHistoricalData;

export function readDeltaNeutralContract(r: FieldReader): DeltaNeutralContract | undefined {
  if (!r.bool()) return undefined;
  return { conId: r.int(), delta: r.float(), price: r.float() };
}

const reqMktData: Decoder<ReqMktData> = (r) => {
  r.int();
  const reqId = r.int();
  const contract = readContract(r);
  return {
    type: "reqMktData",
    reqId,
    contract,
    comboLegs: contract.secType === "BAG" ? readShortComboLegs(r) : [],
    deltaNeutralContract: readDeltaNeutralContract(r),
    genericTicks: r
      .str()
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t.length > 0),
    snapshot: r.bool(),
    regulatorySnapshot: r.bool(),
    mktDataOptions: r.str(),
  };
};

const reqHistoricalData: Decoder<ReqHistoricalData> = (r) => {
  const reqId = r.int();
  const contract = readContract(r);
  return {
    type: "reqHistoricalData",
    reqId,
    contract,
    includeExpired: r.bool(),
    endDateTime: r.str(),
    barSize: r.str(),
    duration: r.str(),
    useRth: r.bool(),
    whatToShow: r.str(),
    formatDate: r.int(),
    comboLegs: contract.secType === "BAG" ? readShortComboLegs(r) : [],
    keepUpToDate: r.bool(),
    chartOptions: r.str(),
  };
};

export const MARKET_DATA_DECODERS: Record<number, Decoder<MarketDataRequest>> = {
  [IN.REQ_MKT_DATA]: reqMktData,
  [IN.CANCEL_MKT_DATA]: versionThenReqId("cancelMktData"),
  [IN.REQ_MARKET_DATA_TYPE]: (r) => {
    r.int();
    return { type: "reqMarketDataType", marketDataType: r.int() };
  },
  [IN.REQ_HISTORICAL_DATA]: reqHistoricalData,
  [IN.CANCEL_HISTORICAL_DATA]: versionThenReqId("cancelHistoricalData"),
};
