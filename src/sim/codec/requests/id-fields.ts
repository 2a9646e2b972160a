// Where the request id (or order id) sits in each request the simulator decodes, so that a request whose later fields
// are malformed can still be answered with its id (320), which clients use to tie the error to the request.
// Declarative data only: message id → index of the id field (#0 = message id), by server version where it moves.

import { IN } from "../message-ids.js";
import { MIN_SERVER_VER_CME_TAGGING_FIELDS } from "../versions.js";

type IdField = number | ((serverVersion: number) => number);

export const REQUEST_ID_FIELD: Readonly<Record<number, IdField>> = {
  [IN.REQ_MKT_DATA]: 2, // [1, ver, reqId, …]
  [IN.CANCEL_MKT_DATA]: 2,
  [IN.PLACE_ORDER]: 1, // [3, orderId, …]: no version field at every version the simulator speaks
  [IN.CANCEL_ORDER]: (serverVersion) => (serverVersion >= MIN_SERVER_VER_CME_TAGGING_FIELDS ? 1 : 2),
  [IN.REQ_EXECUTIONS]: 2,
  [IN.REQ_CONTRACT_DATA]: 2,
  [IN.REQ_HISTORICAL_DATA]: 1, // no version field at ≥ 124
  [IN.CANCEL_HISTORICAL_DATA]: 2,
  [IN.REQ_ACCOUNT_SUMMARY]: 2,
  [IN.CANCEL_ACCOUNT_SUMMARY]: 2,
  [IN.REQ_POSITIONS_MULTI]: 2,
  [IN.CANCEL_POSITIONS_MULTI]: 2,
  [IN.REQ_ACCOUNT_UPDATES_MULTI]: 2,
  [IN.CANCEL_ACCOUNT_UPDATES_MULTI]: 2,
  [IN.REQ_SEC_DEF_OPT_PARAMS]: 1,
  [IN.REQ_PNL]: 1,
  [IN.CANCEL_PNL]: 1,
  [IN.REQ_PNL_SINGLE]: 1,
  [IN.CANCEL_PNL_SINGLE]: 1,
};
