// Contract details and option-chain parameters. Matching is the market's; unknown contracts get
// error 200 with no end marker, as TWS does.

import { queryOf, type HandlerTable } from "../context.js";
import { contractDetailsOf } from "../wire-mapping.js";

const NO_DEFINITION = "No security definition has been found for the request";

export const CONTRACT_HANDLERS: HandlerTable<"reqContractData" | "reqSecDefOptParams"> = {
  reqContractData: (c, r, ctx) => {
    const byConIdSecId = r.secIdType.toUpperCase() === "CONID" ? Number(r.secId) : NaN;
    const conId = Number.isInteger(byConIdSecId) && byConIdSecId > 0 ? byConIdSecId : r.contract.conId;
    const found = ctx.market.find({ ...queryOf(r.contract), ...(conId > 0 ? { conId } : {}) });
    if (found.length === 0) {
      c.error(r.reqId, 200, NO_DEFINITION);
      return;
    }
    for (const instrument of found)
      c.send({ type: "contractData", reqId: r.reqId, details: contractDetailsOf(instrument) });
    c.send({ type: "contractDataEnd", reqId: r.reqId });
  },
  reqSecDefOptParams: (c, r, ctx) => {
    const underlying =
      (r.underlyingConId > 0 ? ctx.market.byConId(r.underlyingConId) : undefined) ??
      ctx.market.find({ symbol: r.underlyingSymbol, secType: r.underlyingSecType })[0];
    if (!underlying) {
      c.error(r.reqId, 200, NO_DEFINITION);
      return;
    }
    for (const chain of ctx.market.optionParams(underlying.conId)) {
      c.send({ type: "optionChain", reqId: r.reqId, underlyingConId: underlying.conId, ...chain });
    }
    c.send({ type: "optionChainEnd", reqId: r.reqId });
  },
};
