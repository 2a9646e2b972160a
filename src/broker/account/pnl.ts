// P&L subscriptions: the account's P&L and one per-position P&L per open or today-closed position,
// each waiting for its first update (10 s) and then cancelled. The arithmetic is in pnl-values.ts.
import { EventName } from "@stoqey/ib";
import type { Connection } from "../connection.js";
import { classifyAccountError } from "../error-classification.js";
import type { PnlFigures } from "./pnl-values.js";
import { sameId } from "../request-id.js";

export function requestAccountPnl(connection: Connection, accountId: string, timeoutMs: number): Promise<PnlFigures> {
  const session = connection.requireReady();
  const request = connection.registry.start<PnlFigures>({
    operation: "P&L",
    metric: "pnl",
    timeoutMs,
    classify: classifyAccountError,
  });
  const onPnl = (reqId: number, daily: number, unrealized?: number, realized?: number): void => {
    if (sameId(reqId, request.id)) request.resolve({ daily, unrealized, realized });
  };
  connection.events.on(EventName.pnl, onPnl);
  request.onSettle(() => {
    connection.events.off(EventName.pnl, onPnl);
    session.sendAfterAnswer(() => session.api.cancelPnL(request.id));
  });
  session.pacer.data(() => session.api.reqPnL(request.id, accountId, ""));
  return request.promise;
}

export function requestPositionPnl(
  connection: Connection,
  accountId: string,
  conId: number,
  timeoutMs: number,
): Promise<PnlFigures> {
  const session = connection.requireReady();
  const request = connection.registry.start<PnlFigures>({
    operation: "P&L",
    metric: "pnl",
    timeoutMs,
    classify: classifyAccountError,
  });
  const onPnl = (reqId: number, _pos: number, daily: number, unrealized?: number, realized?: number): void => {
    if (sameId(reqId, request.id)) request.resolve({ daily, unrealized, realized });
  };
  connection.events.on(EventName.pnlSingle, onPnl);
  request.onSettle(() => {
    connection.events.off(EventName.pnlSingle, onPnl);
    session.sendAfterAnswer(() => session.api.cancelPnLSingle(request.id));
  });
  session.pacer.data(() => session.api.reqPnLSingle(request.id, accountId, "", conId));
  return request.promise;
}
