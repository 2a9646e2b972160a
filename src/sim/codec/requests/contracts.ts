// Contract lookups: REQ_CONTRACT_DATA and REQ_SEC_DEF_OPT_PARAMS (option chains).
// Decoding only; matching against instruments is the market's job.

import { readContract, type ContractFields } from "../contract-fields.js";
import { IN } from "../message-ids.js";
import type { Decoder } from "./decoder.js";

export interface ReqContractData {
  type: "reqContractData";
  reqId: number;
  contract: ContractFields;
  includeExpired: boolean;
  secIdType: string;
  secId: string;
  issuerId: string;
}
export interface ReqSecDefOptParams {
  type: "reqSecDefOptParams";
  reqId: number;
  underlyingSymbol: string;
  futFopExchange: string;
  underlyingSecType: string;
  underlyingConId: number;
}

export type ContractRequest = ReqContractData | ReqSecDefOptParams;

export const CONTRACT_DECODERS: Record<number, Decoder<ContractRequest>> = {
  [IN.REQ_CONTRACT_DATA]: (r) => {
    r.int();
    return {
      type: "reqContractData",
      reqId: r.int(),
      contract: readContract(r),
      includeExpired: r.bool(),
      secIdType: r.str(),
      secId: r.str(),
      issuerId: r.str(),
    };
  },
  [IN.REQ_SEC_DEF_OPT_PARAMS]: (r) => ({
    type: "reqSecDefOptParams",
    reqId: r.int(),
    underlyingSymbol: r.str(),
    futFopExchange: r.str(),
    underlyingSecType: r.str(),
    underlyingConId: r.int(),
  }),
};
