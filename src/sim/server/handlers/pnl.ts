// REQ_PNL and REQ_PNL_SINGLE with their cancels: one message at once, then one per
// change, at most once a second. Values come from the engine.

import type { Connection } from "../connection.js";
import type { HandlerTable, SimContext } from "../context.js";
import { streamAccount } from "./account-stream.js";

const pnlKey = (reqId: number) => `pnl:${reqId}`;
const pnlSingleKey = (reqId: number) => `pnls:${reqId}`;

/** PnL requests name an account; an empty one means the only account there is. */
function wrongAccount(c: Connection, reqId: number, account: string, ctx: SimContext): boolean {
  if (account === "" || account === ctx.account) return false;
  c.error(reqId, 321, `Error validating request.-'cb' : cause - Unknown account ${account}`);
  return true;
}

/** Runs `push` on the account stream but sends only when the message differs from the previous one. */
function streamChanges(
  c: Connection,
  ctx: SimContext,
  key: string,
  message: () => Parameters<Connection["send"]>[0],
): void {
  let previous = "";
  streamAccount(c, ctx, key, () => {
    const next = message();
    const text = JSON.stringify(next);
    if (text === previous) return;
    previous = text;
    c.send(next);
  });
}

export const PNL_HANDLERS: HandlerTable<"reqPnl" | "cancelPnl" | "reqPnlSingle" | "cancelPnlSingle"> = {
  reqPnl: (c, r, ctx) => {
    if (wrongAccount(c, r.reqId, r.account, ctx)) return;
    streamChanges(c, ctx, pnlKey(r.reqId), () => ({ type: "pnl", reqId: r.reqId, ...ctx.engine.pnl() }));
  },
  cancelPnl: (c, r) => void c.subscriptions.remove(pnlKey(r.reqId)),
  reqPnlSingle: (c, r, ctx) => {
    if (wrongAccount(c, r.reqId, r.account, ctx)) return;
    if (!ctx.market.byConId(r.conId)) {
      c.error(r.reqId, 321, `Error validating request.-'cc' : cause - Unknown contract id ${r.conId}`);
      return;
    }
    streamChanges(c, ctx, pnlSingleKey(r.reqId), () => {
      const single = ctx.engine.pnlSingle(r.conId);
      return single
        ? { type: "pnlSingle", reqId: r.reqId, ...single }
        : { type: "pnlSingle", reqId: r.reqId, position: 0, daily: 0, unrealized: 0, realized: 0, value: 0 };
    });
  },
  cancelPnlSingle: (c, r) => void c.subscriptions.remove(pnlSingleKey(r.reqId)),
};
