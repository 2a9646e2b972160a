// The snapshot quote: one snapshot request, completed by the broker's snapshot-end event (no polling),
// partial quote or 504 on timeout. No streaming. A snapshot the broker ended is finished there; one that did not end
// (timeout, error, caller gone) is cancelled, so no subscription is ever left behind.
import { EventName } from "@stoqey/ib";
import type { Quote, ResolvedContract } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import { resolvedToIbContract } from "../contracts/contract-details.js";
import { classifyMarketDataError } from "../error-classification.js";
import { marketDataTimeout } from "../failures.js";
import type { Clock } from "../hooks.js";
import { DELAYED_DATA_NOTICE, isNonFatalCode } from "../tws-error.js";
import { SnapshotTicks } from "./snapshot-ticks.js";
import { sameId } from "../request-id.js";

export interface SnapshotDeps {
  connection: Connection;
  clock: Clock;
}

/**
 * Requests one snapshot. `onSent` runs when the request leaves the pacer for the broker (shared-snapshots.ts lets
 * callers join it until then). Throws at once when the broker is not ready.
 */
export function requestSnapshot(
  deps: SnapshotDeps,
  symbol: string,
  contract: ResolvedContract,
  timeoutMs: number,
  signal?: AbortSignal,
  onSent?: () => void,
): Promise<Quote> {
  const { connection, clock } = deps;
  const session = connection.requireReady();
  const ticks = new SnapshotTicks();
  const finish = (): Quote => ticks.toQuote(symbol, contract.conId, clock.now());
  const request = connection.registry.start<Quote>({
    operation: "quote",
    metric: "quote",
    timeoutMs,
    signal,
    onTimeout: (req) => (ticks.hasAnyPrice ? req.resolve(finish()) : req.reject(marketDataTimeout(symbol, timeoutMs))),
    onError: (error, req) => {
      if (error.code === DELAYED_DATA_NOTICE) ticks.onDelayedNotice();
      else if (!isNonFatalCode(error.code, error.message)) req.reject(classifyMarketDataError(error));
    },
  });
  const id = request.id;
  const onPrice = (reqId: number, field: number, value: number): void => {
    if (sameId(reqId, id)) ticks.onNumber(field, value);
  };
  const onSize = (reqId: number, field?: number, value?: number): void => {
    if (sameId(reqId, id) && field !== undefined) ticks.onNumber(field, value);
  };
  const onString = (reqId: number, field: number, value: string): void => {
    if (sameId(reqId, id)) ticks.onString(field, value);
  };
  const onType = (reqId: number, type: number): void => {
    if (sameId(reqId, id)) ticks.onMarketDataType(type);
  };
  let sent = false;
  let ended = false;
  const onEnd = (reqId: number): void => {
    if (!sameId(reqId, id)) return;
    ended = true;
    request.resolve(finish());
  };
  const events = connection.events;
  events.on(EventName.tickPrice, onPrice);
  events.on(EventName.tickSize, onSize);
  events.on(EventName.tickString, onString);
  events.on(EventName.marketDataType, onType);
  events.on(EventName.tickSnapshotEnd, onEnd);
  request.onSettle(() => {
    events.off(EventName.tickPrice, onPrice);
    events.off(EventName.tickSize, onSize);
    events.off(EventName.tickString, onString);
    events.off(EventName.marketDataType, onType);
    events.off(EventName.tickSnapshotEnd, onEnd);
    // TICK_SNAPSHOT_END finishes the request at the broker: a cancel then would only spend a message of the pacing
    // budget and draw error 300 ("Can't find EId"). Anything else that was sent is cancelled, after the caller's
    // answer has gone out (not on the caller's path). A cancel for a session that is already gone would go nowhere.
    if (sent && !ended) session.sendAfterAnswer(() => session.api.cancelMktData(id));
  });
  session.pacer.data(() => {
    // Settled while waiting for a pacer slot (caller gone, timeout, connection lost): nothing to ask for.
    if (request.settled) return;
    sent = true;
    onSent?.();
    session.api.reqMktData(id, resolvedToIbContract(contract), "", true, false);
  });
  return request.promise;
}
