// REQ_MKT_DATA, its cancel and REQ_MARKET_DATA_TYPE: entitlement faults, the delivered data type,
// snapshot rounds and streaming lines that resend changed ticks on every price move of their instrument.

import type { ReqMktData } from "../../codec/index.js";
import type { Instrument } from "../../market/index.js";
import type { Connection } from "../connection.js";
import { resolveContract, type HandlerTable, type SimContext } from "../context.js";
import { TickMemory, tickRound } from "../ticks.js";

/** TWS's limit of simultaneous market-data lines per connection. */
const MAX_LINES = 100;
const DELAYED_TYPE = 3;
const DELAYED_FROZEN_TYPE = 4;

export function marketDataKey(reqId: number): string {
  return `mkt:${reqId}`;
}

function rejects(c: Connection, r: ReqMktData): boolean {
  if (c.subscriptions.has(marketDataKey(r.reqId))) {
    c.error(r.reqId, 322, "Error processing request.-'bB' : cause - Duplicate ticker id");
  } else if (r.snapshot && r.genericTicks.length > 0) {
    c.error(
      r.reqId,
      321,
      "Error validating request.-'bK' : cause - Snapshot market data subscription is not applicable to generic ticks",
    );
  } else if (!r.snapshot && c.subscriptions.keys("mkt:").length >= MAX_LINES) {
    c.error(r.reqId, 101, "Max number of tickers has been reached.");
  } else {
    return false;
  }
  return true;
}

/** The data type actually delivered: live (1) unless a `delayed-only` fault applies. */
function deliveredType(c: Connection, ctx: SimContext, instrument: Instrument): number {
  if (!ctx.faults.appliesTo("delayed-only", instrument.symbol)) return 1;
  return c.marketDataType === DELAYED_FROZEN_TYPE ? DELAYED_FROZEN_TYPE : DELAYED_TYPE;
}

function reqMktData(c: Connection, r: ReqMktData, ctx: SimContext): void {
  if (rejects(c, r)) return;
  const resolved = resolveContract(ctx, r.contract);
  if ("code" in resolved) {
    c.error(r.reqId, resolved.code, resolved.message);
    return;
  }
  const { instrument } = resolved;
  if (ctx.faults.appliesTo("no-permission", instrument.symbol)) {
    c.error(r.reqId, 354, "Requested market data is not subscribed.");
    return;
  }
  const dataType = deliveredType(c, ctx, instrument);
  c.send({
    type: "tickReqParams",
    reqId: r.reqId,
    minTick: instrument.minTick,
    bboExchange: "",
    snapshotPermissions: 3,
  });
  c.send({ type: "marketDataType", reqId: r.reqId, marketDataType: dataType });
  if (dataType !== 1)
    c.error(r.reqId, 10167, "Requested market data is not subscribed. Displaying delayed market data.");
  const withoutPrices = ctx.faults.appliesTo("no-data", instrument.symbol) || ctx.faults.connectivityLost();
  const round = () =>
    tickRound({
      reqId: r.reqId,
      quote: ctx.market.quote(instrument.conId),
      delayed: dataType !== 1,
      genericTicks: r.genericTicks,
      nowMs: ctx.clock.now(),
    });
  if (r.snapshot) {
    if (!withoutPrices) for (const tick of round()) c.send(tick);
    c.send({ type: "tickSnapshotEnd", reqId: r.reqId });
    return;
  }
  stream(c, ctx, r.reqId, instrument, round, withoutPrices);
}

function stream(
  c: Connection,
  ctx: SimContext,
  reqId: number,
  instrument: Instrument,
  round: () => ReturnType<typeof tickRound>,
  withoutPrices: boolean,
): void {
  const memory = new TickMemory();
  const push = () => {
    if (ctx.faults.connectivityLost() || ctx.faults.appliesTo("no-data", instrument.symbol)) return;
    for (const tick of memory.changed(round())) c.send(tick);
  };
  const stopPrices = ctx.market.onPriceChange((conId) => {
    if (conId === instrument.conId) push();
  });
  const stopResumes = ctx.streamsResumed.subscribe(push);
  c.subscriptions.add(marketDataKey(reqId), () => {
    stopPrices();
    stopResumes();
  });
  if (!withoutPrices) push();
}

export const MARKET_DATA_HANDLERS: HandlerTable<"reqMktData" | "cancelMktData" | "reqMarketDataType"> = {
  reqMktData,
  cancelMktData: (c, r) => {
    if (!c.subscriptions.remove(marketDataKey(r.reqId)))
      c.error(r.reqId, 300, `Can't find EId with tickerId:${r.reqId}`);
  },
  reqMarketDataType: (c, r) => {
    if (r.marketDataType >= 1 && r.marketDataType <= DELAYED_FROZEN_TYPE) c.marketDataType = r.marketDataType;
    else c.error(-1, 321, `Error validating request.-'bL' : cause - Invalid market data type ${r.marketDataType}`);
  },
};
