// Historical bars: parameters parsed by the domain rules, a pacing check before the broker is
// asked, epoch dates, the library's "finished-…" end marker, 404 when empty. No keepUpToDate streaming.
import { EventName } from "@stoqey/ib";
import type { BarSizeSetting, WhatToShow } from "@stoqey/ib";
import {
  GatewayError,
  parseHistoricalParams as parseParams,
  type Bar,
  type HistoricalBarsRequest,
  type HistoricalBarsResponse,
  type ResolvedContract,
} from "../../domain/index.js";
import type { Connection } from "../connection.js";
import { resolvedToIbContract } from "../contracts/contract-details.js";
import { classifyMarketDataError } from "../error-classification.js";
import type { Clock } from "../hooks.js";
import { brokerEndDateTime, isEndMarker, toBar } from "./historical-bars.js";
import type { PacingGovernor } from "./pacing-governor.js";
import { sameId } from "../request-id.js";

export interface HistoricalParams {
  barSize: string;
  duration: string;
  whatToShow: string;
  rthOnly: boolean;
  /** Epoch ms, or null for "now". */
  endMs: number | null;
}

/** Every rule that needs no broker; failures are 400 VALIDATION_ERROR naming the field. */
export function parseHistoricalParams(request: HistoricalBarsRequest, nowMs: number): HistoricalParams {
  const { bar, duration, whatToShow, endMs } = parseParams(request, nowMs);
  return { barSize: bar.text, duration: duration.text, whatToShow, rthOnly: request.rthOnly, endMs };
}

export interface HistoricalDeps {
  connection: Connection;
  clock: Clock;
  governor: PacingGovernor;
}

export function requestHistoricalBars(
  deps: HistoricalDeps,
  symbol: string,
  contract: ResolvedContract,
  params: HistoricalParams,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<HistoricalBarsResponse> {
  const { connection } = deps;
  const session = connection.requireReady();
  const key = `${contract.conId}|${contract.exchange}|${params.whatToShow}`;
  const identity = `${key}|${params.barSize}|${params.duration}|${params.rthOnly}|${params.endMs ?? "now"}`;
  deps.governor.admit({ identity, contract: key }, deps.clock.now());
  const bars: Bar[] = [];
  let finished = false;
  const request = connection.registry.start<HistoricalBarsResponse>({
    operation: "historical data",
    metric: "historical",
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    classify: classifyMarketDataError,
  });
  const onBar = (
    reqId: number,
    date: string,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ) => {
    if (!sameId(reqId, request.id)) return;
    if (!isEndMarker(date)) {
      bars.push(toBar(symbol, params.barSize, { date, open, high, low, close, volume }));
      return;
    }
    finished = true;
    if (bars.length === 0) request.reject(noBars(symbol, params));
    else request.resolve({ symbol, bars, barCount: bars.length });
  };
  connection.events.on(EventName.historicalData, onBar);
  request.onSettle(() => {
    connection.events.off(EventName.historicalData, onBar);
    // Only a still-running query needs cancelling; its "query cancelled" 162 then finds no request and is dropped.
    if (!finished && !session.isDisposed) session.pacer.data(() => session.api.cancelHistoricalData(request.id));
  });
  const end = params.endMs === null ? undefined : brokerEndDateTime(params.endMs);
  const ibContract = resolvedToIbContract(contract);
  const [bar, what] = [params.barSize as BarSizeSetting, params.whatToShow as WhatToShow];
  session.pacer.data(() =>
    session.api.reqHistoricalData(request.id, ibContract, end, params.duration, bar, what, params.rthOnly, 2, false),
  );
  return request.promise;
}

function noBars(symbol: string, params: HistoricalParams): GatewayError {
  return new GatewayError(
    "NO_DATA",
    `No market data available: No historical data returned for ${symbol} (${params.duration}, ${params.barSize})`,
  );
}
