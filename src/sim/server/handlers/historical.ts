// REQ_HISTORICAL_DATA and its cancel: validation, IB pacing of small bars and faults (162), one
// HISTORICAL_DATA with every bar, and keepUpToDate lines that update the last bar on each price move.

import type { Bar, ReqHistoricalData } from "../../codec/index.js";
import type { HistoricalBar, Instrument } from "../../market/index.js";
import type { Connection } from "../connection.js";
import { resolveContract, type HandlerTable, type SimContext } from "../context.js";
import { isSmallBar } from "../pacing.js";
import { TWS_ZONE, formatBarDate, formatZoned, parseTwsTime } from "../wire-time.js";

const HMDS = "Historical Market Data Service error message:";
const DAILY_BAR = /day|week|month|^\s*\d+\s*[WM]\s*$/i;

function historicalKey(reqId: number): string {
  return `hist:${reqId}`;
}

function invalid(c: Connection, reqId: number, cause: string): void {
  c.error(reqId, 321, `Error validating request.-'bX' : cause - ${cause}`);
}

/** Runs the refusals TWS applies before any data is produced; true when the request was refused. */
function refused(c: Connection, r: ReqHistoricalData, ctx: SimContext, instrument: Instrument): boolean {
  const paced =
    ctx.faults.take("pacing-violation") !== undefined ||
    (isSmallBar(r.barSize) &&
      !ctx.pacing.of(c).admit({
        identity: JSON.stringify([
          instrument.conId,
          r.endDateTime,
          r.duration,
          r.barSize,
          r.whatToShow,
          r.useRth,
          r.formatDate,
        ]),
        contractKey: `${instrument.conId}:${r.contract.exchange}:${r.whatToShow}`,
      }));
  if (paced) {
    c.error(r.reqId, 162, `${HMDS}Historical data request pacing violation`);
  } else if (ctx.faults.appliesTo("no-data", instrument.symbol)) {
    c.error(
      r.reqId,
      162,
      `${HMDS}HMDS query returned no data: ${instrument.symbol}@${r.contract.exchange} ${r.whatToShow}`,
    );
  } else {
    return false;
  }
  return true;
}

function reqHistoricalData(c: Connection, r: ReqHistoricalData, ctx: SimContext): void {
  const resolved = resolveContract(ctx, r.contract);
  if ("code" in resolved) return c.error(r.reqId, resolved.code, resolved.message);
  const { instrument } = resolved;
  if (r.keepUpToDate && r.endDateTime.trim() !== "")
    return invalid(c, r.reqId, "End date not supported with live updates");
  const endMs = parseTwsTime(r.endDateTime, ctx.clock.now());
  if (endMs === undefined) return invalid(c, r.reqId, `Invalid end date/time: ${r.endDateTime}`);
  if (refused(c, r, ctx, instrument)) return;
  const result = ctx.market.historicalBars({
    conId: instrument.conId,
    endMs,
    duration: r.duration,
    barSize: r.barSize,
    whatToShow: r.whatToShow,
    useRTH: r.useRth,
  });
  if ("code" in result) return c.error(r.reqId, result.code, result.error);
  const zone = instrument.timeZoneId || TWS_ZONE;
  if (result.bars.length === 0) {
    return c.error(
      r.reqId,
      162,
      `${HMDS}HMDS query returned no data: ${instrument.symbol}@${r.contract.exchange} ${r.whatToShow}`,
    );
  }
  const daily = DAILY_BAR.test(r.barSize);
  const bars = result.bars.map((b) => wireBar(b, formatBarDate(b.timeSec, daily, r.formatDate, zone)));
  const startMs = result.startMs ?? endMs;
  c.send({
    type: "historicalData",
    reqId: r.reqId,
    startDate: formatZoned(startMs, zone),
    endDate: formatZoned(endMs, zone),
    bars,
  });
  const last = bars[bars.length - 1];
  if (r.keepUpToDate && last) keepUpToDate(c, ctx, r, instrument, last);
}

function wireBar(b: HistoricalBar, date: string): Bar {
  return { date, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, wap: b.wap, count: b.count };
}

/** Updates the newest bar with each price move of the instrument (TWS sends these about every 5 s). */
function keepUpToDate(c: Connection, ctx: SimContext, r: ReqHistoricalData, instrument: Instrument, last: Bar): void {
  const bar = { ...last };
  const update = () => {
    if (ctx.faults.connectivityLost()) return;
    const q = ctx.market.quote(instrument.conId);
    const price = r.whatToShow.toUpperCase() === "TRADES" && q.last > 0 ? q.last : (q.bid + q.ask) / 2 || q.last;
    if (!(price > 0)) return;
    bar.close = price;
    bar.high = Math.max(bar.high, price);
    bar.low = Math.min(bar.low, price);
    c.send({ type: "historicalDataUpdate", reqId: r.reqId, bar: { ...bar } });
  };
  const stopPrices = ctx.market.onPriceChange((conId) => {
    if (conId === instrument.conId) update();
  });
  const stopResumes = ctx.streamsResumed.subscribe(update);
  c.subscriptions.add(historicalKey(r.reqId), () => {
    stopPrices();
    stopResumes();
  });
}

export const HISTORICAL_HANDLERS: HandlerTable<"reqHistoricalData" | "cancelHistoricalData"> = {
  reqHistoricalData,
  // A cancel of a request that already completed is normal (clients cancel defensively), so unknown ids are ignored.
  cancelHistoricalData: (c, r) => {
    c.subscriptions.remove(historicalKey(r.reqId));
  },
};
