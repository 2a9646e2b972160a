// The snapshot quote of SPEC §6.1: one snapshot request per call, completed by the broker's snapshot-end
// event (no polling), partial quote or 504 on timeout, subscription always cancelled. No streaming.
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

export function requestSnapshot(
  deps: SnapshotDeps,
  symbol: string,
  contract: ResolvedContract,
  timeoutMs: number,
  signal?: AbortSignal,
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
  const onEnd = (reqId: number): void => {
    if (sameId(reqId, id)) request.resolve(finish());
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
    // Always cancel (SPEC §6.1); a cancel for a session that is already gone would go nowhere.
    if (!session.isDisposed) session.pacer.data(() => session.api.cancelMktData(id));
  });
  session.pacer.data(() => session.api.reqMktData(id, resolvedToIbContract(contract), "", true, false));
  return request.promise;
}
