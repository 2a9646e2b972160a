// Order requests other than PLACE_ORDER: cancel, global cancel, open/all/auto-open orders, completed orders and
// executions. Decoding only.

import type { FieldReader } from "../field-reader.js";
import { IN } from "../message-ids.js";
import {
  MIN_SERVER_VER_CME_TAGGING_FIELDS,
  MIN_SERVER_VER_RFQ_FIELDS,
  MIN_SERVER_VER_UNDO_RFQ_FIELDS,
} from "../versions.js";
import { versionOnly, type Decoder } from "./decoder.js";

export interface CancelOrder {
  type: "cancelOrder";
  orderId: number;
  manualOrderCancelTime: string;
  extOperator: string;
  manualOrderIndicator: number | undefined;
}
export interface ReqGlobalCancel {
  type: "reqGlobalCancel";
  extOperator: string;
  manualOrderIndicator: number | undefined;
}
export interface ReqAutoOpenOrders {
  type: "reqAutoOpenOrders";
  autoBind: boolean;
}
export interface ReqCompletedOrders {
  type: "reqCompletedOrders";
  apiOnly: boolean;
}
/** Empty strings and clientId 0 mean "no filter". */
export interface ExecutionFilter {
  clientId: number;
  account: string;
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  side: string;
}
export interface ReqExecutions {
  type: "reqExecutions";
  reqId: number;
  filter: ExecutionFilter;
}

export type OrderRequest =
  | CancelOrder
  | ReqGlobalCancel
  | { type: "reqOpenOrders" }
  | { type: "reqAllOpenOrders" }
  | ReqAutoOpenOrders
  | ReqCompletedOrders
  | ReqExecutions;

/** Before 192 the message starts with a version field; from 192 on it ends with the CME tagging fields. */
function readCmeTagging(r: FieldReader, serverVersion: number): { extOperator: string; manualOrderIndicator?: number } {
  if (serverVersion < MIN_SERVER_VER_CME_TAGGING_FIELDS) return { extOperator: "" };
  return { extOperator: r.str(), manualOrderIndicator: r.optInt() };
}

const cancelOrder: Decoder<CancelOrder> = (r, serverVersion) => {
  if (serverVersion < MIN_SERVER_VER_CME_TAGGING_FIELDS) r.int();
  const orderId = r.int();
  const manualOrderCancelTime = r.str();
  if (serverVersion >= MIN_SERVER_VER_RFQ_FIELDS && serverVersion < MIN_SERVER_VER_UNDO_RFQ_FIELDS) {
    r.str();
    r.str();
    r.str();
  }
  const tagging = readCmeTagging(r, serverVersion);
  return {
    type: "cancelOrder",
    orderId,
    manualOrderCancelTime,
    extOperator: tagging.extOperator,
    manualOrderIndicator: tagging.manualOrderIndicator,
  };
};

const reqGlobalCancel: Decoder<ReqGlobalCancel> = (r, serverVersion) => {
  if (serverVersion < MIN_SERVER_VER_CME_TAGGING_FIELDS) r.int();
  const tagging = readCmeTagging(r, serverVersion);
  return {
    type: "reqGlobalCancel",
    extOperator: tagging.extOperator,
    manualOrderIndicator: tagging.manualOrderIndicator,
  };
};

const reqExecutions: Decoder<ReqExecutions> = (r) => {
  r.int();
  const reqId = r.int();
  const filter: ExecutionFilter = {
    clientId: r.int(),
    account: r.str(),
    time: r.str(),
    symbol: r.str(),
    secType: r.str(),
    exchange: r.str(),
    side: r.str(),
  };
  return { type: "reqExecutions", reqId, filter };
};

export const ORDER_DECODERS: Record<number, Decoder<OrderRequest>> = {
  [IN.CANCEL_ORDER]: cancelOrder,
  [IN.REQ_GLOBAL_CANCEL]: reqGlobalCancel,
  [IN.REQ_OPEN_ORDERS]: versionOnly("reqOpenOrders"),
  [IN.REQ_ALL_OPEN_ORDERS]: versionOnly("reqAllOpenOrders"),
  [IN.REQ_AUTO_OPEN_ORDERS]: (r) => {
    r.int();
    return { type: "reqAutoOpenOrders", autoBind: r.bool() };
  },
  [IN.REQ_COMPLETED_ORDERS]: (r) => ({ type: "reqCompletedOrders", apiOnly: r.bool() }),
  [IN.REQ_EXECUTIONS]: reqExecutions,
};
