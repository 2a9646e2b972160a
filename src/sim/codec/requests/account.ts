// Account requests: summary, positions, PnL, account updates and their multi-account variants
// Decoding only.

import { IN } from "../message-ids.js";
import { reqIdOnly, versionOnly, versionThenReqId, type Decoder } from "./decoder.js";

export interface ReqAccountSummary {
  type: "reqAccountSummary";
  reqId: number;
  group: string;
  /** Tag names as sent, e.g. NetLiquidation, `$LEDGER:USD`. */
  tags: string[];
}
export interface ReqPnl {
  type: "reqPnl";
  reqId: number;
  account: string;
  modelCode: string;
}
export interface ReqPnlSingle {
  type: "reqPnlSingle";
  reqId: number;
  account: string;
  modelCode: string;
  conId: number;
}
export interface ReqAcctData {
  type: "reqAcctData";
  subscribe: boolean;
  account: string;
}
export interface ReqAccountUpdatesMulti {
  type: "reqAccountUpdatesMulti";
  reqId: number;
  account: string;
  modelCode: string;
  ledgerAndNlv: boolean;
}
export interface ReqPositionsMulti {
  type: "reqPositionsMulti";
  reqId: number;
  account: string;
  modelCode: string;
}
interface ReqIdOnly<K extends string> {
  type: K;
  reqId: number;
}

export type AccountRequest =
  | ReqAccountSummary
  | ReqIdOnly<"cancelAccountSummary">
  | { type: "reqPositions" }
  | { type: "cancelPositions" }
  | ReqPnl
  | ReqIdOnly<"cancelPnl">
  | ReqPnlSingle
  | ReqIdOnly<"cancelPnlSingle">
  | ReqAcctData
  | ReqAccountUpdatesMulti
  | ReqIdOnly<"cancelAccountUpdatesMulti">
  | ReqPositionsMulti
  | ReqIdOnly<"cancelPositionsMulti">;

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

export const ACCOUNT_DECODERS: Record<number, Decoder<AccountRequest>> = {
  [IN.REQ_ACCOUNT_SUMMARY]: (r) => {
    r.int();
    return { type: "reqAccountSummary", reqId: r.int(), group: r.str(), tags: splitList(r.str()) };
  },
  [IN.CANCEL_ACCOUNT_SUMMARY]: versionThenReqId("cancelAccountSummary"),
  [IN.REQ_POSITIONS]: versionOnly("reqPositions"),
  [IN.CANCEL_POSITIONS]: versionOnly("cancelPositions"),
  [IN.REQ_PNL]: (r) => ({ type: "reqPnl", reqId: r.int(), account: r.str(), modelCode: r.str() }),
  [IN.CANCEL_PNL]: reqIdOnly("cancelPnl"),
  [IN.REQ_PNL_SINGLE]: (r) => ({
    type: "reqPnlSingle",
    reqId: r.int(),
    account: r.str(),
    modelCode: r.str(),
    conId: r.int(),
  }),
  [IN.CANCEL_PNL_SINGLE]: reqIdOnly("cancelPnlSingle"),
  [IN.REQ_ACCT_DATA]: (r) => {
    r.int();
    return { type: "reqAcctData", subscribe: r.bool(), account: r.str() };
  },
  // `@stoqey/ib` sends version 2 here and IBKR version 1; the layout is the same.
  [IN.REQ_ACCOUNT_UPDATES_MULTI]: (r) => {
    r.int();
    return {
      type: "reqAccountUpdatesMulti",
      reqId: r.int(),
      account: r.str(),
      modelCode: r.str(),
      ledgerAndNlv: r.bool(),
    };
  },
  [IN.CANCEL_ACCOUNT_UPDATES_MULTI]: versionThenReqId("cancelAccountUpdatesMulti"),
  [IN.REQ_POSITIONS_MULTI]: (r) => {
    r.int();
    return { type: "reqPositionsMulti", reqId: r.int(), account: r.str(), modelCode: r.str() };
  },
  [IN.CANCEL_POSITIONS_MULTI]: versionThenReqId("cancelPositionsMulti"),
};
