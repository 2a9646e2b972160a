// Unit tests of the response encoders against hand-written frames and the real-TWS examples of the protocol.

import { describe, expect, it } from "vitest";
import { canonical, frame } from "../../../test/sim/support/wire.js";
import { encodeMessage, messageFields, type ServerMessage } from "./response-table.js";
import { encodeServerHello, formatConnectionTime } from "./responses/session.js";
import type { ContractDetails } from "./responses/contracts.js";

const MAX = "1.7976931348623157E308";
const AAPL_CONTRACT = {
  conId: 265598,
  symbol: "AAPL",
  secType: "STK",
  lastTradeDateOrContractMonth: "",
  strike: 0,
  right: "",
  multiplier: "",
  exchange: "IEX",
  primaryExchange: "NASDAQ",
  currency: "USD",
  localSymbol: "AAPL",
  tradingClass: "NMS",
};

/** Encodes, checks the frame against the reference builder, returns the fields. */
function encoded(message: ServerMessage, serverVersion = 178): string[] {
  const fields = messageFields(message, serverVersion);
  expect(encodeMessage(message, serverVersion)).toEqual(frame(fields));
  return fields;
}

describe("session messages", () => {
  it("handshake reply has exactly two fields and no message id", () => {
    expect(encodeServerHello(178, "20250102 09:30:00 EST")).toEqual(frame(["178", "20250102 09:30:00 EST"]));
    expect(formatConnectionTime(Date.UTC(2025, 0, 2, 14, 30, 5))).toBe("20250102 14:30:05 UTC");
  });

  it.each<[ServerMessage, string[]]>([
    [{ type: "nextValidId", orderId: 1 }, ["9", "1", "1"]],
    [{ type: "managedAccounts", accounts: ["DU1234567", "DU7654321"] }, ["15", "1", "DU1234567,DU7654321"]],
    [{ type: "currentTime", epochSeconds: 1735828200 }, ["49", "1", "1735828200"]],
    [
      { type: "error", id: -1, code: 2104, message: "Market data farm connection is OK:usfarm" },
      ["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""],
    ],
    [
      {
        type: "error",
        id: 7,
        code: 201,
        message: "Order rejected - reason:Ünknown",
        advancedOrderRejectJson: '{"a":1}',
      },
      ["4", "2", "7", "201", "Order rejected - reason:\\u00dcnknown", '{"a":1}'],
    ],
  ])("%j", (message, expected) => {
    expect(encoded(message)).toEqual(expected);
  });
});

describe("market data", () => {
  it.each<[ServerMessage, string[]]>([
    [
      { type: "tickPrice", reqId: 13, tickType: 1, price: 189.51, size: 100, attrMask: 1 },
      ["1", "6", "13", "1", "189.51", "100", "1"],
    ],
    [{ type: "tickSize", reqId: 13, tickType: 8, size: 1000000 }, ["2", "6", "13", "8", "1000000"]],
    [{ type: "tickGeneric", reqId: 13, tickType: 49, value: 0 }, ["45", "6", "13", "49", "0"]],
    [{ type: "tickString", reqId: 13, tickType: 45, value: "1735828200" }, ["46", "6", "13", "45", "1735828200"]],
    [{ type: "tickSnapshotEnd", reqId: 13 }, ["57", "1", "13"]],
    [
      { type: "tickReqParams", reqId: 13, minTick: 0.01, bboExchange: "9c0001", snapshotPermissions: 3 },
      ["81", "13", "0.01", "9c0001", "3"],
    ],
    [{ type: "marketDataType", reqId: 13, marketDataType: 3 }, ["58", "1", "13", "3"]],
  ])("%j", (message, expected) => {
    expect(encoded(message)).toEqual(expected);
  });

  const bar = { date: "1735828200", open: 10, high: 12, low: 9, close: 11, volume: 500, wap: 10.5, count: 7 };

  it("HISTORICAL_DATA puts all bars in one message", () => {
    const fields = encoded({ type: "historicalData", reqId: 14, startDate: "s", endDate: "e", bars: [bar, bar] });
    expect(fields).toEqual([
      "17",
      "14",
      "s",
      "e",
      "2",
      ...["1735828200", "10", "12", "9", "11", "500", "10.5", "7"],
      ...["1735828200", "10", "12", "9", "11", "500", "10.5", "7"],
    ]);
  });

  it("HISTORICAL_DATA_UPDATE writes close before high and low, WAP before volume", () => {
    expect(encoded({ type: "historicalDataUpdate", reqId: 15, bar })).toEqual([
      "90",
      "15",
      "7",
      "1735828200",
      "10",
      "11",
      "12",
      "9",
      "10.5",
      "500",
    ]);
  });
});

const TSLA: ContractDetails = {
  symbol: "TSLA",
  secType: "STK",
  lastTradeDateOrContractMonth: "",
  lastTradeDate: "",
  strike: 0,
  right: "",
  exchange: "SMART",
  currency: "USD",
  localSymbol: "TSLA",
  marketName: "NMS",
  tradingClass: "NMS",
  conId: 76792991,
  minTick: 0.01,
  multiplier: "",
  orderTypes: "LMT,MKT",
  validExchanges: "SMART,NASDAQ",
  priceMagnifier: 1,
  underConId: 0,
  longName: "TESLA INC",
  primaryExchange: "NASDAQ",
  contractMonth: "",
  industry: "Consumer, Cyclical",
  category: "Auto Manufacturers",
  subcategory: "Auto-Cars/Light Trucks",
  timeZoneId: "US/Eastern",
  tradingHours: "20221229:0400-20221229:2000",
  liquidHours: "20221229:0930-20221229:1600",
  secIdList: [{ tag: "ISIN", value: "US88160R1014" }],
  aggGroup: 1,
  underSymbol: "",
  underSecType: "",
  marketRuleIds: "26,26",
  realExpirationDate: "",
  stockType: "COMMON",
  minSize: 1,
  sizeIncrement: 1,
  suggestedSizeIncrement: 100,
};
// prettier-ignore
const TSLA_178 = [
  "10", "11", "TSLA", "STK", "", "0", "", "SMART", "USD", "TSLA", "NMS", "NMS", "76792991", "0.01", "", "LMT,MKT",
  "SMART,NASDAQ", "1", "0", "TESLA INC", "NASDAQ", "", "Consumer, Cyclical", "Auto Manufacturers",
  "Auto-Cars/Light Trucks", "US/Eastern", "20221229:0400-20221229:2000", "20221229:0930-20221229:1600", "", "", "1",
  "ISIN", "US88160R1014", "1", "", "", "26,26", "", "COMMON", "1", "1", "100",
];

describe("contracts", () => {
  it("CONTRACT_DATA at 178 has 39 + 2n fields after the id", () => {
    expect(TSLA_178).toHaveLength(1 + 39 + 2);
    expect(encoded({ type: "contractData", reqId: 11, details: TSLA })).toEqual(TSLA_178);
  });

  it("adds lastTradeDate at 182 and the ineligibility list at 186", () => {
    const at182 = encoded({ type: "contractData", reqId: 11, details: { ...TSLA, lastTradeDate: "20250620" } }, 182);
    expect(at182).toEqual([...TSLA_178.slice(0, 5), "20250620", ...TSLA_178.slice(5)]);
    const at193 = encoded({ type: "contractData", reqId: 11, details: TSLA }, 193);
    expect(at193).toEqual([...TSLA_178.slice(0, 5), "", ...TSLA_178.slice(5), "0"]);
  });

  it("escapes a non-ASCII long name", () => {
    const fields = encoded({ type: "contractData", reqId: 1, details: { ...TSLA, longName: "NESTLÉ" } });
    expect(fields[19]).toBe("NESTL\\u00c9");
  });

  it.each<[ServerMessage, string[]]>([
    [{ type: "contractDataEnd", reqId: 11 }, ["52", "1", "11"]],
    [
      {
        type: "optionChain",
        reqId: 3,
        exchange: "SMART",
        underlyingConId: 265598,
        tradingClass: "AAPL",
        multiplier: "100",
        expirations: ["20260116", "20260220"],
        strikes: [200, 202.5],
      },
      ["75", "3", "SMART", "265598", "AAPL", "100", "2", "20260116", "20260220", "2", "200", "202.5"],
    ],
    [{ type: "optionChainEnd", reqId: 3 }, ["76", "3"]],
  ])("%j", (message, expected) => {
    expect(encoded(message)).toEqual(expected);
  });
});

describe("account", () => {
  it.each<[ServerMessage, string[]]>([
    [
      {
        type: "accountSummary",
        reqId: 15,
        account: "DU1234567",
        tag: "NetLiquidation",
        value: "100000.00",
        currency: "USD",
      },
      ["63", "1", "15", "DU1234567", "NetLiquidation", "100000.00", "USD"],
    ],
    [{ type: "accountSummaryEnd", reqId: 15 }, ["64", "1", "15"]],
    [
      {
        type: "position",
        account: "DU1234567",
        contract: { ...AAPL_CONTRACT, exchange: "NASDAQ" },
        position: 100,
        avgCost: 240,
      },
      ["61", "3", "DU1234567", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "AAPL", "NMS", "100", "240"],
    ],
    [{ type: "positionEnd" }, ["62", "1"]],
    [{ type: "pnl", reqId: 17, daily: 12.5, unrealized: -3, realized: undefined }, ["94", "17", "12.5", "-3", MAX]],
    [
      { type: "pnlSingle", reqId: 18, position: 100, daily: 1, unrealized: 2, realized: 0, value: 25000 },
      ["95", "18", "100", "1", "2", "0", "25000"],
    ],
    [
      { type: "accountValue", key: "NetLiquidation", value: "100000.00", currency: "USD", account: "DU1234567" },
      ["6", "2", "NetLiquidation", "100000.00", "USD", "DU1234567"],
    ],
    [
      {
        type: "portfolioValue",
        contract: AAPL_CONTRACT,
        position: 100,
        marketPrice: 250,
        marketValue: 25000,
        averageCost: 240,
        unrealizedPnl: 1000,
        realizedPnl: 0,
        account: "DU1234567",
      },
      [
        "7",
        "8",
        "265598",
        "AAPL",
        "STK",
        "",
        "0",
        "",
        "",
        "NASDAQ",
        "USD",
        "AAPL",
        "NMS",
        "100",
        "250",
        "25000",
        "240",
        "1000",
        "0",
        "DU1234567",
      ],
    ],
    [{ type: "accountUpdateTime", time: "09:31" }, ["8", "1", "09:31"]],
    [{ type: "accountDownloadEnd", account: "DU1234567" }, ["54", "1", "DU1234567"]],
    [
      {
        type: "accountUpdateMulti",
        reqId: 23,
        account: "DU1",
        modelCode: "",
        key: "NetLiquidation",
        value: "1",
        currency: "USD",
      },
      ["73", "1", "23", "DU1", "", "NetLiquidation", "1", "USD"],
    ],
    [{ type: "accountUpdateMultiEnd", reqId: 23 }, ["74", "1", "23"]],
    [
      {
        type: "positionMulti",
        reqId: 24,
        account: "DU1",
        contract: AAPL_CONTRACT,
        position: 5,
        avgCost: 1.5,
        modelCode: "",
      },
      ["71", "1", "24", "DU1", "265598", "AAPL", "STK", "", "0", "", "", "IEX", "USD", "AAPL", "NMS", "5", "1.5", ""],
    ],
    [{ type: "positionMultiEnd", reqId: 24 }, ["72", "1", "24"]],
  ])("%j", (message, expected) => {
    expect(encoded(message)).toEqual(expected);
  });

  it("POSITION_DATA has exactly 16 fields and PORTFOLIO_VALUE exactly 20", () => {
    const position = encoded({ type: "position", account: "A", contract: AAPL_CONTRACT, position: 1, avgCost: 1 });
    expect(position).toHaveLength(16);
  });
});

// Real TWS captures (numbers compared canonically: "0.0" = "0").
describe("orders", () => {
  const status = { orderId: 5, permId: 600745656, parentId: 0, clientId: 100, whyHeld: "", mktCapPrice: 0 };

  it("ORDER_STATUS matches both real rows", () => {
    const pre = encoded({
      type: "orderStatus",
      ...status,
      status: "PreSubmitted",
      filled: 0,
      remaining: 100,
      avgFillPrice: 0,
      lastFillPrice: 0,
    });
    expect(pre).toEqual(["3", "5", "PreSubmitted", "0", "100", "0", "600745656", "0", "0", "100", "", "0"]);
    const done = encoded({
      type: "orderStatus",
      ...status,
      status: "Filled",
      filled: 100,
      remaining: 0,
      avgFillPrice: 201.94,
      lastFillPrice: 201.94,
    });
    expect(done).toEqual(["3", "5", "Filled", "100", "0", "201.94", "600745656", "0", "201.94", "100", "", "0"]);
  });

  const execution: ServerMessage = {
    type: "executionData",
    reqId: -1,
    orderId: 5,
    contract: AAPL_CONTRACT,
    execution: {
      execId: "0000e0d5.67fe667b.01.01",
      time: "20250415  19:38:31",
      account: "DU1234567",
      exchange: "IEX",
      side: "BOT",
      shares: 100,
      price: 201.94,
      permId: 600745656,
      clientId: 100,
      liquidation: 0,
      cumQty: 100,
      avgPrice: 201.94,
      orderRef: "",
      modelCode: "",
      lastLiquidity: 2,
      pendingPriceRevision: false,
    },
  };
  // prettier-ignore
  const realExecution = [
    "11", "-1", "5", "265598", "AAPL", "STK", "", "0.0", "", "", "IEX", "USD", "AAPL", "NMS", "0000e0d5.67fe667b.01.01",
    "20250415  19:38:31", "DU1234567", "IEX", "BOT", "100", "201.94", "600745656", "100", "0", "100", "201.94", "", "",
    "", "", "2", "0",
  ];

  it("EXECUTION_DATA matches the real capture: 32 fields at 178, 31 below", () => {
    expect(canonical(encoded(execution, 178))).toEqual(canonical(realExecution));
    expect(canonical(encoded(execution, 177))).toEqual(canonical(realExecution.slice(0, 31)));
  });

  it("COMMISSION_REPORT matches the real capture (opening fill: realized PnL unset)", () => {
    const fields = encoded({
      type: "commissionReport",
      execId: "00025b46.63f8f39c.01.01",
      commission: 1,
      currency: "USD",
      realizedPnl: undefined,
    });
    expect(canonical(fields)).toEqual(canonical(["59", "1", "00025b46.63f8f39c.01.01", "1.0", "USD", MAX, MAX, ""]));
  });

  it.each<[ServerMessage, string[]]>([
    [{ type: "executionDataEnd", reqId: 20 }, ["55", "1", "20"]],
    [{ type: "openOrderEnd" }, ["53", "1"]],
    [{ type: "completedOrdersEnd" }, ["102"]],
  ])("%j", (message, expected) => {
    expect(encoded(message)).toEqual(expected);
  });
});
