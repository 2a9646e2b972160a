// Unit tests of request decoding: every Appendix vector decoded whole and byte by byte, plus other layouts.

import { describe, expect, it } from "vitest";
import { bytewise, frame } from "../../../test/sim/support/wire.js";
import { FrameSplitter } from "./framing.js";
import { decodeRequest, type DecodedRequest } from "./request-table.js";

const AAPL = {
  conId: 0,
  symbol: "AAPL",
  secType: "STK",
  lastTradeDateOrContractMonth: "",
  strike: undefined,
  right: "",
  multiplier: "",
  exchange: "SMART",
  primaryExchange: "NASDAQ",
  currency: "USD",
  localSymbol: "",
  tradingClass: "",
};
const C12 = ["0", "AAPL", "STK", "", "", "", "", "SMART", "NASDAQ", "USD", "", ""];

/** Decodes the vector framed whole and fed byte by byte; both must agree. */
function decodeBothWays(fields: string[], serverVersion = 178): DecodedRequest {
  const bytes = frame(fields);
  const whole = new FrameSplitter().push(bytes);
  const splitter = new FrameSplitter();
  const trickled = bytewise(bytes).flatMap((b) => splitter.push(b));
  expect(whole).toHaveLength(1);
  expect(trickled).toHaveLength(1);
  const a = decodeRequest(whole[0] as Buffer, serverVersion);
  const b = decodeRequest(trickled[0] as Buffer, serverVersion);
  expect(b).toEqual(a);
  return a;
}

function request(fields: string[], serverVersion = 178) {
  const decoded = decodeBothWays(fields, serverVersion);
  if (decoded.kind !== "request") throw new Error(`not a request: ${JSON.stringify(decoded)}`);
  expect(decoded.unreadFields).toBe(0);
  return decoded.request;
}

// Reference vectors of the protocol, captured from @stoqey/ib 1.6.10 at server version 178.
describe("decodeRequest: Appendix vectors", () => {
  it.each<[string, string[], unknown]>([
    ["START_API", ["71", "2", "7", ""], { type: "startApi", clientId: 7, optionalCapabilities: "" }],
    ["REQ_CURRENT_TIME", ["49", "1"], { type: "reqCurrentTime" }],
    ["REQ_IDS", ["8", "1", "0"], { type: "reqIds", numIds: 0 }],
    ["CANCEL_MKT_DATA (ver 1)", ["2", "1", "12"], { type: "cancelMktData", reqId: 12 }],
    ["REQ_MARKET_DATA_TYPE", ["59", "1", "3"], { type: "reqMarketDataType", marketDataType: 3 }],
    ["CANCEL_HISTORICAL_DATA", ["25", "1", "14"], { type: "cancelHistoricalData", reqId: 14 }],
    [
      "REQ_ACCOUNT_SUMMARY",
      ["62", "1", "16", "All", "NetLiquidation,TotalCashValue,BuyingPower"],
      { type: "reqAccountSummary", reqId: 16, group: "All", tags: ["NetLiquidation", "TotalCashValue", "BuyingPower"] },
    ],
    ["CANCEL_ACCOUNT_SUMMARY", ["63", "1", "16"], { type: "cancelAccountSummary", reqId: 16 }],
    ["REQ_POSITIONS", ["61", "1"], { type: "reqPositions" }],
    ["CANCEL_POSITIONS", ["64", "1"], { type: "cancelPositions" }],
    ["REQ_PNL", ["92", "17", "DU123456", ""], { type: "reqPnl", reqId: 17, account: "DU123456", modelCode: "" }],
    ["CANCEL_PNL", ["93", "17"], { type: "cancelPnl", reqId: 17 }],
    [
      "REQ_PNL_SINGLE",
      ["94", "18", "DU123456", "", "265598"],
      { type: "reqPnlSingle", reqId: 18, account: "DU123456", modelCode: "", conId: 265598 },
    ],
    ["CANCEL_PNL_SINGLE", ["95", "18"], { type: "cancelPnlSingle", reqId: 18 }],
    [
      "CANCEL_ORDER",
      ["4", "1", "19", ""],
      { type: "cancelOrder", orderId: 19, manualOrderCancelTime: "", extOperator: "", manualOrderIndicator: undefined },
    ],
    ["REQ_OPEN_ORDERS", ["5", "1"], { type: "reqOpenOrders" }],
    ["REQ_ALL_OPEN_ORDERS", ["16", "1"], { type: "reqAllOpenOrders" }],
    ["REQ_AUTO_OPEN_ORDERS", ["15", "1", "1"], { type: "reqAutoOpenOrders", autoBind: true }],
    [
      "REQ_EXECUTIONS",
      ["7", "3", "20", "", "", "", "", "", "", ""],
      {
        type: "reqExecutions",
        reqId: 20,
        filter: { clientId: 0, account: "", time: "", symbol: "", secType: "", exchange: "", side: "" },
      },
    ],
    ["REQ_ACCT_DATA", ["6", "2", "1", "DU123456"], { type: "reqAcctData", subscribe: true, account: "DU123456" }],
    ["REQ_MANAGED_ACCTS", ["17", "1"], { type: "reqManagedAccts" }],
    ["REQ_GLOBAL_CANCEL", ["58", "1"], { type: "reqGlobalCancel", extOperator: "", manualOrderIndicator: undefined }],
    ["REQ_COMPLETED_ORDERS", ["99", "0"], { type: "reqCompletedOrders", apiOnly: false }],
    [
      "REQ_ACCOUNT_UPDATES_MULTI (ver 2)",
      ["76", "2", "23", "DU123456", "", "0"],
      { type: "reqAccountUpdatesMulti", reqId: 23, account: "DU123456", modelCode: "", ledgerAndNlv: false },
    ],
    ["CANCEL_ACCOUNT_UPDATES_MULTI", ["77", "2", "23"], { type: "cancelAccountUpdatesMulti", reqId: 23 }],
    [
      "REQ_POSITIONS_MULTI",
      ["74", "1", "24", "DU123456", ""],
      { type: "reqPositionsMulti", reqId: 24, account: "DU123456", modelCode: "" },
    ],
    ["CANCEL_POSITIONS_MULTI", ["75", "1", "24"], { type: "cancelPositionsMulti", reqId: 24 }],
  ])("%s", (_name, fields, expected) => {
    expect(request(fields)).toEqual(expected);
  });

  it("REQ_CONTRACT_DATA", () => {
    expect(request(["9", "8", "11", ...C12, "", "", "", ""])).toEqual({
      type: "reqContractData",
      reqId: 11,
      contract: AAPL,
      includeExpired: false,
      secIdType: "",
      secId: "",
      issuerId: "",
    });
  });

  it("REQ_MKT_DATA streaming with generic ticks, and snapshot", () => {
    expect(request(["1", "11", "12", ...C12, "0", "233,236", "0", "0", ""])).toEqual({
      type: "reqMktData",
      reqId: 12,
      contract: AAPL,
      comboLegs: [],
      deltaNeutralContract: undefined,
      genericTicks: ["233", "236"],
      snapshot: false,
      regulatorySnapshot: false,
      mktDataOptions: "",
    });
    expect(request(["1", "11", "13", ...C12, "0", "", "1", "0", ""])).toMatchObject({
      genericTicks: [],
      snapshot: true,
    });
  });

  it("REQ_HISTORICAL_DATA with a fixed end and with keepUpToDate", () => {
    const fixed = [
      "20",
      "14",
      ...C12,
      "0",
      "20240102 16:00:00 US/Eastern",
      "1 hour",
      "1 D",
      "1",
      "TRADES",
      "1",
      "0",
      "",
    ];
    expect(request(fixed)).toEqual({
      type: "reqHistoricalData",
      reqId: 14,
      contract: AAPL,
      includeExpired: false,
      endDateTime: "20240102 16:00:00 US/Eastern",
      barSize: "1 hour",
      duration: "1 D",
      useRth: true,
      whatToShow: "TRADES",
      formatDate: 1,
      comboLegs: [],
      keepUpToDate: false,
      chartOptions: "",
    });
    const live = ["20", "15", ...C12, "0", "", "5 secs", "1 D", "0", "MIDPOINT", "2", "1", ""];
    expect(request(live)).toMatchObject({ reqId: 15, barSize: "5 secs", formatDate: 2, keepUpToDate: true });
  });
});

describe("decodeRequest: other requests and layouts", () => {
  it("REQ_SEC_DEF_OPT_PARAMS", () => {
    expect(request(["78", "30", "AAPL", "", "STK", "265598"])).toEqual({
      type: "reqSecDefOptParams",
      reqId: 30,
      underlyingSymbol: "AAPL",
      futFopExchange: "",
      underlyingSecType: "STK",
      underlyingConId: 265598,
    });
  });

  it("REQ_MKT_DATA for a BAG with a delta-neutral contract", () => {
    const bag = ["0", "SPY", "BAG", "", "", "", "", "SMART", "", "USD", "", ""];
    const fields = ["1", "11", "40", ...bag, "2", "1", "1", "BUY", "SMART", "2", "1", "SELL", "SMART"];
    const decoded = request([...fields, "1", "756733", "0.5", "600", "", "0", "0", ""]);
    expect(decoded).toMatchObject({
      comboLegs: [
        { conId: 1, ratio: 1, action: "BUY", exchange: "SMART" },
        { conId: 2, ratio: 1, action: "SELL", exchange: "SMART" },
      ],
      deltaNeutralContract: { conId: 756733, delta: 0.5, price: 600 },
    });
  });

  it("CANCEL_ORDER and REQ_GLOBAL_CANCEL lose their version field at 192+", () => {
    expect(request(["4", "19", "", "", "2147483647"], 193)).toEqual({
      type: "cancelOrder",
      orderId: 19,
      manualOrderCancelTime: "",
      extOperator: "",
      manualOrderIndicator: undefined,
    });
    expect(request(["58", "op", "1"], 193)).toEqual({
      type: "reqGlobalCancel",
      extOperator: "op",
      manualOrderIndicator: 1,
    });
  });

  it("CANCEL_ORDER carries three RFQ placeholders at 187..189", () => {
    expect(request(["4", "1", "19", "", "", "", "2147483647"], 188)).toMatchObject({ orderId: 19 });
  });

  it("tolerates IBKR's defaults where @stoqey/ib sends empty fields", () => {
    const ibkr = [
      "9",
      "8",
      "11",
      "0",
      "AAPL",
      "STK",
      "",
      "0.0",
      "",
      "",
      "SMART",
      "NASDAQ",
      "USD",
      "",
      "",
      "0",
      "",
      "",
      "",
    ];
    expect(request(ibkr)).toMatchObject({ contract: { strike: 0 }, includeExpired: false });
  });

  it("reports extra trailing fields instead of failing", () => {
    const decoded = decodeBothWays(["49", "1", "extra"]);
    expect(decoded).toMatchObject({ kind: "request", unreadFields: 1 });
  });

  it("names the reqId of an unsupported request, or -1 when it carries none", () => {
    expect(decodeBothWays(["87", "31", ...C12, "0", "1", "TRADES", "1"])).toEqual({
      kind: "unsupported",
      messageId: 87,
      reqId: 31,
    });
    expect(decodeBothWays(["50", "3", "32", ...C12])).toMatchObject({ kind: "unsupported", reqId: 32 });
    expect(decodeBothWays(["85"])).toEqual({ kind: "unsupported", messageId: 85, reqId: -1 });
    expect(decodeBothWays(["999", "1"])).toEqual({ kind: "unsupported", messageId: 999, reqId: -1 });
  });

  it("reports missing fields and non-numeric ids as malformed", () => {
    expect(decodeBothWays(["62", "1", "16"])).toMatchObject({ kind: "malformed", messageId: 62 });
    expect(decodeBothWays(["hello"])).toMatchObject({ kind: "malformed", messageId: -1, reqId: -1 });
    expect(decodeRequest(Buffer.alloc(0), 178)).toMatchObject({ kind: "malformed", reqId: -1 });
  });

  it("names the request or order id of a malformed request when it could be read, else -1", () => {
    expect(decodeBothWays(["62", "1", "16"])).toMatchObject({ kind: "malformed", reqId: 16 });
    expect(decodeBothWays(["62", "1", "x"])).toMatchObject({ kind: "malformed", reqId: -1 });
    expect(decodeBothWays(["62", "1"])).toMatchObject({ kind: "malformed", reqId: -1 });
    expect(decodeBothWays(["3", "42", "0", "AAPL"])).toMatchObject({ kind: "malformed", reqId: 42 });
    expect(decodeBothWays(["20", "9", "0", "AAPL"])).toMatchObject({ kind: "malformed", reqId: 9 });
    expect(decodeBothWays(["92", "17"])).toMatchObject({ kind: "malformed", reqId: 17 });
    expect(decodeBothWays(["4", "1", "31"], 178)).toMatchObject({ kind: "malformed", reqId: 31 });
    expect(decodeBothWays(["4", "31"], 193)).toMatchObject({ kind: "malformed", reqId: 31 });
  });
});
