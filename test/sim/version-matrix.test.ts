// Every server version the simulator negotiates (176..193), checked against `@stoqey/ib`'s own codec in-process:
// what our encoders write must decode without a leftover or missing field, and what its encoder writes must decode
// in ours with nothing left unread. The library's codec is an independent implementation of the same gates.

import { describe, expect, it } from "vitest";
import {
  BarSizeSetting,
  ConjunctionConnection,
  EventName,
  OrderAction,
  OrderType,
  PriceCondition,
  SecType,
  TimeCondition,
  TriggerMethod,
  type Contract,
  type Order,
} from "@stoqey/ib";
import { Decoder } from "@stoqey/ib/dist/core/io/decoder.js";
import { Encoder } from "@stoqey/ib/dist/core/io/encoder.js";
import {
  FieldReader,
  decodeRequest,
  messageFields,
  readPlacedOrder,
  type ClientRequest,
  type ContractFields,
  type ServerMessage,
} from "../../src/sim/codec/index.js";
import { frame } from "./support/wire.js";

const VERSIONS = Array.from({ length: 193 - 176 + 1 }, (_, i) => 176 + i);

const contract: ContractFields = {
  conId: 265598,
  symbol: "AAPL",
  secType: "STK",
  lastTradeDateOrContractMonth: "",
  strike: 0,
  right: "",
  multiplier: "",
  exchange: "SMART",
  primaryExchange: "NASDAQ",
  currency: "USD",
  localSymbol: "AAPL",
  tradingClass: "NMS",
};
const blank = readPlacedOrder(FieldReader.allUnset(), 193, contract);
const plainOrder = {
  ...blank,
  action: "BUY",
  totalQuantity: 100,
  orderType: "LMT",
  lmtPrice: 150.25,
  tif: "DAY",
  account: "DU1",
};
const busyOrder = {
  ...plainOrder,
  orderType: "PEG BENCH",
  deltaNeutralOrderType: "LMT",
  comboLegs: [
    {
      conId: 1,
      ratio: 1,
      action: "BUY",
      exchange: "SMART",
      openClose: 0,
      shortSaleSlot: 0,
      designatedLocation: "",
      exemptCode: -1,
    },
  ],
  orderComboLegPrices: [1.25],
  smartComboRoutingParams: [{ tag: "NonGuaranteed", value: "1" }],
  scalePriceIncrement: 0.05,
  hedgeType: "D",
  hedgeParam: "0.5",
  deltaNeutralContract: { conId: 9, delta: 0.5, price: 1 },
  algoStrategy: "Adaptive",
  algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
  conditions: [{ type: 1, conjunction: "a", values: ["1", "600", "756733", "SMART", "0"] }],
  competeAgainstBestOffset: Infinity,
};
const state = { status: "Submitted", commissionCurrency: "", warningText: "" };
const whatIfState = {
  ...state,
  status: "PreSubmitted",
  initMarginChange: 12500,
  maintMarginChange: 6250,
  commission: 1,
  commissionCurrency: "USD",
};
const execution = {
  execId: "0000e0d5.00000001.01.01",
  time: "20250102 09:30:00 America/New_York",
  account: "DU1",
  exchange: "NASDAQ",
  side: "BOT",
  shares: 100,
  price: 150.25,
  permId: 1000001,
  clientId: 1,
  liquidation: 0,
  cumQty: 100,
  avgPrice: 150.25,
  orderRef: "r",
  modelCode: "",
  lastLiquidity: 2,
  pendingPriceRevision: false,
};
const bar = { date: "1735828200", open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, wap: 1.2, count: 3 };

/** One message per encoder, with the `@stoqey/ib` event it must turn into. */
const SAMPLES: [ServerMessage, string][] = [
  [{ type: "nextValidId", orderId: 1 }, EventName.nextValidId],
  [{ type: "managedAccounts", accounts: ["DU1", "DU2"] }, EventName.managedAccounts],
  [{ type: "currentTime", epochSeconds: 1 }, EventName.currentTime],
  [{ type: "tickPrice", reqId: 1, tickType: 1, price: 1.5, size: 100, attrMask: 1 }, EventName.tickPrice],
  [{ type: "tickSize", reqId: 1, tickType: 8, size: 10 }, EventName.tickSize],
  [{ type: "tickGeneric", reqId: 1, tickType: 49, value: 0 }, EventName.tickGeneric],
  [{ type: "tickString", reqId: 1, tickType: 45, value: "1" }, EventName.tickString],
  [{ type: "tickSnapshotEnd", reqId: 1 }, EventName.tickSnapshotEnd],
  [
    { type: "tickReqParams", reqId: 1, minTick: 0.01, bboExchange: "", snapshotPermissions: 3 },
    EventName.tickReqParams,
  ],
  [{ type: "marketDataType", reqId: 1, marketDataType: 3 }, EventName.marketDataType],
  [{ type: "historicalData", reqId: 1, startDate: "a", endDate: "b", bars: [bar, bar] }, EventName.historicalData],
  [{ type: "historicalDataUpdate", reqId: 1, bar }, EventName.historicalDataUpdate],
  [{ type: "contractDataEnd", reqId: 1 }, EventName.contractDetailsEnd],
  [
    {
      type: "optionChain",
      reqId: 1,
      exchange: "SMART",
      underlyingConId: 1,
      tradingClass: "A",
      multiplier: "100",
      expirations: ["20260116"],
      strikes: [200],
    },
    EventName.securityDefinitionOptionParameter,
  ],
  [{ type: "optionChainEnd", reqId: 1 }, EventName.securityDefinitionOptionParameterEnd],
  [
    { type: "accountSummary", reqId: 1, account: "DU1", tag: "NetLiquidation", value: "1.00", currency: "USD" },
    EventName.accountSummary,
  ],
  [{ type: "accountSummaryEnd", reqId: 1 }, EventName.accountSummaryEnd],
  [{ type: "position", account: "DU1", contract, position: 1, avgCost: 2 }, EventName.position],
  [{ type: "positionEnd" }, EventName.positionEnd],
  [{ type: "pnl", reqId: 1, daily: 1, unrealized: undefined, realized: 0 }, EventName.pnl],
  [{ type: "pnlSingle", reqId: 1, position: 1, daily: 1, unrealized: 2, realized: 3, value: 4 }, EventName.pnlSingle],
  [
    { type: "accountValue", key: "NetLiquidation", value: "1", currency: "USD", account: "DU1" },
    EventName.updateAccountValue,
  ],
  [
    {
      type: "portfolioValue",
      contract,
      position: 1,
      marketPrice: 2,
      marketValue: 2,
      averageCost: 1,
      unrealizedPnl: 1,
      realizedPnl: 0,
      account: "DU1",
    },
    EventName.updatePortfolio,
  ],
  [{ type: "accountUpdateTime", time: "09:30" }, EventName.updateAccountTime],
  [{ type: "accountDownloadEnd", account: "DU1" }, EventName.accountDownloadEnd],
  [
    { type: "accountUpdateMulti", reqId: 1, account: "DU1", modelCode: "", key: "k", value: "v", currency: "USD" },
    EventName.accountUpdateMulti,
  ],
  [{ type: "accountUpdateMultiEnd", reqId: 1 }, EventName.accountUpdateMultiEnd],
  [
    { type: "positionMulti", reqId: 1, account: "DU1", contract, position: 1, avgCost: 1, modelCode: "" },
    EventName.positionMulti,
  ],
  [{ type: "positionMultiEnd", reqId: 1 }, EventName.positionMultiEnd],
  [
    {
      type: "orderStatus",
      orderId: 1,
      status: "Filled",
      filled: 1,
      remaining: 0,
      avgFillPrice: 1,
      permId: 2,
      parentId: 0,
      lastFillPrice: 1,
      clientId: 1,
      whyHeld: "",
      mktCapPrice: 0,
    },
    EventName.orderStatus,
  ],
  [{ type: "executionData", reqId: -1, orderId: 1, contract, execution }, EventName.execDetails],
  [{ type: "executionDataEnd", reqId: 1 }, EventName.execDetailsEnd],
  [
    { type: "commissionReport", execId: "x", commission: 1, currency: "USD", realizedPnl: 5 },
    EventName.commissionReport,
  ],
  [{ type: "openOrderEnd" }, EventName.openOrderEnd],
  [{ type: "completedOrdersEnd" }, EventName.completedOrdersEnd],
  [{ type: "openOrder", orderId: 1, contract, order: plainOrder, clientId: 1, permId: 2, state }, EventName.openOrder],
  [
    {
      type: "openOrder",
      orderId: 2,
      contract: { ...contract, secType: "BAG" },
      order: busyOrder,
      clientId: 1,
      permId: 3,
      state,
    },
    EventName.openOrder,
  ],
  [
    {
      type: "openOrder",
      orderId: 3,
      contract,
      order: { ...plainOrder, whatIf: true },
      clientId: 1,
      permId: 0,
      state: whatIfState,
    },
    EventName.openOrder,
  ],
];

interface Decoded {
  events: { name: string; args: unknown[] }[];
  errors: { message: string; code: number }[];
}

/** Runs fields through `@stoqey/ib`'s decoder at `serverVersion`. */
function stoqeyDecode(fields: string[], serverVersion: number): Decoded {
  const out: Decoded = { events: [], errors: [] };
  const decoder = new Decoder({
    serverVersion,
    emitEvent: (name, ...args) => out.events.push({ name, args }),
    emitError: (message, code, reqId) => out.errors.push({ message: `${message} (reqId ${reqId})`, code }),
    emitInfo: () => undefined,
  });
  decoder.enqueueMessage(fields);
  decoder.process();
  return out;
}

/** What `@stoqey/ib` puts on the wire for one request at `serverVersion` (its socket flattens and joins tokens). */
function stoqeyEncode(serverVersion: number, call: (encoder: Encoder) => void): Buffer {
  const sent: unknown[][] = [];
  const encoder = new Encoder({
    serverVersion,
    sendMsg: (...tokens: unknown[]) => sent.push(tokens),
    emitError: (message: string) => {
      throw new Error(message);
    },
  });
  call(encoder);
  const fields = (sent[0] ?? [])
    .flat(Infinity)
    .map((t) => (t === true ? "1" : t === false ? "0" : t === undefined || t === null ? "" : String(t)));
  return frame(fields).subarray(4);
}

describe.each(VERSIONS)("server version %i", (serverVersion) => {
  it("every response encoder decodes in @stoqey/ib without leftovers or underruns", () => {
    for (const [message, event] of SAMPLES) {
      const decoded = stoqeyDecode(messageFields(message, serverVersion), serverVersion);
      expect(decoded.errors, `${message.type}`).toEqual([]);
      expect(decoded.events[0]?.name, `${message.type}`).toBe(event);
    }
  });

  // @stoqey/ib reads COMPLETED_ORDER's faProfile by message version, not server version, so it skips the field TWS
  // (and IBKR's own clients) still carry at 176; its decoding is checked from 177 on.
  it.runIf(serverVersion >= 177)("completed orders, plain and busy, decode in @stoqey/ib", () => {
    for (const [order, secType] of [
      [plainOrder, "STK"],
      [busyOrder, "BAG"],
    ] as const) {
      const message: ServerMessage = {
        type: "completedOrder",
        contract: { ...contract, secType },
        order,
        permId: 1000007,
        parentPermId: 1000006,
        filledQuantity: 3,
        status: "Cancelled",
        completedTime: "20250604 11:00:05 America/New_York",
        completedStatus: "Cancelled",
      };
      const decoded = stoqeyDecode(messageFields(message, serverVersion), serverVersion);
      expect(decoded.errors, secType).toEqual([]);
      const [, decodedOrder, orderState] = decoded.events[0]?.args as [Contract, Order, Record<string, unknown>];
      expect(decoded.events[0]?.name).toBe(EventName.completedOrder);
      expect(decodedOrder).toMatchObject({ permId: 1000007, parentPermId: 1000006, filledQuantity: 3 });
      expect(orderState).toMatchObject({ status: "Cancelled", completedStatus: "Cancelled" });
    }
  });

  it("an error message reaches @stoqey/ib with its id, code and text", () => {
    const decoded = stoqeyDecode(
      messageFields({ type: "error", id: 7, code: 201, message: "Order rejected - reason:x" }, serverVersion),
      serverVersion,
    );
    expect(decoded.errors).toEqual([{ message: "Order rejected - reason:x (reqId 7)", code: 201 }]);
  });

  it("what-if margins and the busy order's blocks survive the round trip", () => {
    const [, , whatIf] = SAMPLES.filter(([m]) => m.type === "openOrder");
    const decoded = stoqeyDecode(messageFields(whatIf?.[0] as ServerMessage, serverVersion), serverVersion);
    const [, , order, orderState] = decoded.events[0]?.args as [number, Contract, Order, Record<string, unknown>];
    expect(order.whatIf).toBe(true);
    expect(orderState).toMatchObject({
      status: "PreSubmitted",
      initMarginChange: 12500,
      maintMarginChange: 6250,
      commission: 1,
    });
  });

  const aapl: Contract = {
    symbol: "AAPL",
    secType: SecType.STK,
    exchange: "SMART",
    primaryExch: "NASDAQ",
    currency: "USD",
  };
  const lmt: Order = {
    action: OrderAction.BUY,
    totalQuantity: 100,
    orderType: OrderType.LMT,
    lmtPrice: 150.25,
    transmit: true,
  };
  const conditioned: Order = {
    ...lmt,
    algoStrategy: "Adaptive",
    algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
    hedgeType: "D",
    hedgeParam: "0.5",
    whatIf: true,
    conditions: [
      new PriceCondition(600, TriggerMethod.Default, 756733, "SMART", true, ConjunctionConnection.AND),
      new TimeCondition("20250101 10:00:00 US/Eastern", true, ConjunctionConnection.OR),
    ],
    conditionsIgnoreRth: true,
  };
  const REQUESTS: [string, (e: Encoder) => void, Partial<ClientRequest> | Record<string, unknown>][] = [
    ["placeOrder", (e) => e.placeOrder(21, aapl, lmt), { type: "placeOrder", orderId: 21 }],
    ["placeOrder with conditions", (e) => e.placeOrder(22, aapl, conditioned), { type: "placeOrder", orderId: 22 }],
    ["cancelOrder", (e) => e.cancelOrder(21, { manualOrderCancelTime: "" }), { type: "cancelOrder", orderId: 21 }],
    ["reqGlobalCancel", (e) => e.reqGlobalCancel({}), { type: "reqGlobalCancel" }],
    ["reqContractDetails", (e) => e.reqContractDetails(1, aapl), { type: "reqContractData", reqId: 1 }],
    [
      "reqMktData",
      (e) => e.reqMktData(2, aapl, "233", false, false),
      { type: "reqMktData", reqId: 2, genericTicks: ["233"] },
    ],
    [
      "reqHistoricalData",
      (e) => e.reqHistoricalData(3, aapl, "", "1 D", BarSizeSetting.HOURS_ONE, "TRADES", 1, 2, true),
      { type: "reqHistoricalData", reqId: 3, keepUpToDate: true },
    ],
    ["reqExecutions", (e) => e.reqExecutions(4, { symbol: "AAPL" }), { type: "reqExecutions", reqId: 4 }],
    [
      "reqAccountSummary",
      (e) => e.reqAccountSummary(5, "All", "NetLiquidation"),
      { type: "reqAccountSummary", reqId: 5 },
    ],
    ["reqPnLSingle", (e) => e.reqPnLSingle(6, "DU1", "", 265598), { type: "reqPnlSingle", reqId: 6, conId: 265598 }],
    [
      "reqSecDefOptParams",
      (e) => e.reqSecDefOptParams(7, "AAPL", "", "STK", 265598),
      { type: "reqSecDefOptParams", reqId: 7 },
    ],
  ];

  it.each(REQUESTS)("%s from @stoqey/ib decodes with nothing unread", (_name, call, expected) => {
    const decoded = decodeRequest(stoqeyEncode(serverVersion, call), serverVersion);
    expect(decoded).toMatchObject({ kind: "request", unreadFields: 0, request: expected });
  });

  it("finds whatIf, conditions and algo params in the placed order", () => {
    const decoded = decodeRequest(
      stoqeyEncode(serverVersion, (e) => e.placeOrder(22, aapl, conditioned)),
      serverVersion,
    );
    expect(decoded.kind === "request" && decoded.request.type === "placeOrder" && decoded.request.order).toMatchObject({
      whatIf: true,
      lmtPrice: 150.25,
      algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
      conditions: [{ type: 1 }, { type: 3 }],
      conditionsIgnoreRth: true,
    });
  });
});
