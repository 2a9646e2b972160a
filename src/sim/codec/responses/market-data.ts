// Market-data messages: ticks, TICK_REQ_PARAMS, MARKET_DATA_TYPE, TICK_SNAPSHOT_END and the
// historical bars. Which ticks to send, and when, is the server's choice.

import { FieldWriter } from "../field-writer.js";
import { OUT } from "../message-ids.js";
import { versionThenReqId, type EncoderTable } from "./encoder.js";

/** Version TWS writes on every tick message; ≥ 3 is required for size and attribute mask to be read. */
const TICK_VERSION = 6;

export interface TickPrice {
  type: "tickPrice";
  reqId: number;
  tickType: number;
  price: number;
  /** Size belonging to bid/ask/last prices, else 0 (clients synthesise a tickSize from it). */
  size: number;
  /** bit0 canAutoExecute, bit1 pastLimit, bit2 preOpen. */
  attrMask: number;
}
export interface TickSize {
  type: "tickSize";
  reqId: number;
  tickType: number;
  size: number;
}
export interface TickGeneric {
  type: "tickGeneric";
  reqId: number;
  tickType: number;
  value: number;
}
export interface TickString {
  type: "tickString";
  reqId: number;
  tickType: number;
  value: string;
}
export interface TickSnapshotEnd {
  type: "tickSnapshotEnd";
  reqId: number;
}
export interface TickReqParams {
  type: "tickReqParams";
  reqId: number;
  minTick: number;
  bboExchange: string;
  snapshotPermissions: number;
}
export interface MarketDataType {
  type: "marketDataType";
  reqId: number;
  marketDataType: number;
}
export interface Bar {
  /** Already formatted for the request's formatDate (text date or epoch seconds). */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  count: number;
}
export interface HistoricalData {
  type: "historicalData";
  reqId: number;
  startDate: string;
  endDate: string;
  bars: Bar[];
}
export interface HistoricalDataUpdate {
  type: "historicalDataUpdate";
  reqId: number;
  bar: Bar;
}

export type MarketDataMessage =
  | TickPrice
  | TickSize
  | TickGeneric
  | TickString
  | TickSnapshotEnd
  | TickReqParams
  | MarketDataType
  | HistoricalData
  | HistoricalDataUpdate;

function writeBars(w: FieldWriter, bars: readonly Bar[]): FieldWriter {
  w.int(bars.length);
  // Volume and WAP are never empty: ib_async runs float() on them.
  for (const b of bars)
    w.str(b.date).float(b.open).float(b.high).float(b.low).float(b.close).decimal(b.volume).decimal(b.wap).int(b.count);
  return w;
}

export const MARKET_DATA_ENCODERS: EncoderTable<MarketDataMessage> = {
  tickPrice: (m) =>
    new FieldWriter(OUT.TICK_PRICE)
      .int(TICK_VERSION)
      .int(m.reqId)
      .int(m.tickType)
      .float(m.price)
      .decimal(m.size)
      .int(m.attrMask),
  tickSize: (m) => new FieldWriter(OUT.TICK_SIZE).int(TICK_VERSION).int(m.reqId).int(m.tickType).decimal(m.size),
  tickGeneric: (m) => new FieldWriter(OUT.TICK_GENERIC).int(TICK_VERSION).int(m.reqId).int(m.tickType).float(m.value),
  tickString: (m) => new FieldWriter(OUT.TICK_STRING).int(TICK_VERSION).int(m.reqId).int(m.tickType).str(m.value),
  tickSnapshotEnd: (m) => versionThenReqId(OUT.TICK_SNAPSHOT_END, 1, m.reqId),
  tickReqParams: (m) =>
    new FieldWriter(OUT.TICK_REQ_PARAMS).int(m.reqId).float(m.minTick).str(m.bboExchange).int(m.snapshotPermissions),
  marketDataType: (m) => versionThenReqId(OUT.MARKET_DATA_TYPE, 1, m.reqId).int(m.marketDataType),
  historicalData: (m) =>
    writeBars(new FieldWriter(OUT.HISTORICAL_DATA).int(m.reqId).str(m.startDate).str(m.endDate), m.bars),
  // Note the wire order close → high → low, unlike HISTORICAL_DATA.
  historicalDataUpdate: ({ reqId, bar: b }) =>
    new FieldWriter(OUT.HISTORICAL_DATA_UPDATE)
      .int(reqId)
      .int(b.count)
      .str(b.date)
      .float(b.open)
      .float(b.close)
      .float(b.high)
      .float(b.low)
      .decimal(b.wap)
      .decimal(b.volume),
};
