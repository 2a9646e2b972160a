// Unit tests of the PLACE_ORDER walk: the Appendix vector, the 176/193 layouts and every optional block.

import { describe, expect, it } from "vitest";
import { bytewise, frame } from "../../../../test/sim/support/wire.js";
import { FrameSplitter } from "../framing.js";
import { decodeRequest } from "../request-table.js";

// A reference order: LMT BUY 100 @150.25 DAY, account DU123456, whatIf, transmit — 114 fields at 178.
// prettier-ignore
const APPENDIX_ORDER = [
  "3","21","0","AAPL","STK","","","","","SMART","NASDAQ","USD","","","","","BUY","100","LMT","150.25","","DAY","",
  "DU123456","","","","1","","","","","","","","","","","","","","","","","","","","","","","","","","","","","","",
  "","","","","","","","","","","","","","","","","","","","","","","","0","","","1","","","","","0","","","","","",
  "","","","","","","","","","","","","","","","","","",""
];

function decodeOrder(fields: string[], serverVersion: number) {
  const bytes = frame(fields);
  const splitter = new FrameSplitter();
  const payloads = bytewise(bytes).flatMap((b) => splitter.push(b));
  const whole = decodeRequest(new FrameSplitter().push(bytes)[0] as Buffer, serverVersion);
  const trickled = decodeRequest(payloads[0] as Buffer, serverVersion);
  expect(trickled).toEqual(whole);
  if (whole.kind !== "request" || whole.request.type !== "placeOrder") throw new Error(JSON.stringify(whole));
  expect(whole.unreadFields).toBe(0);
  return whole.request;
}

describe("PLACE_ORDER", () => {
  it("decodes the Appendix vector (114 fields) with whatIf at #84", () => {
    expect(APPENDIX_ORDER).toHaveLength(114);
    const placed = decodeOrder(APPENDIX_ORDER, 178);
    expect(placed).toMatchObject({
      orderId: 21,
      contract: { symbol: "AAPL", exchange: "SMART", primaryExchange: "NASDAQ" },
    });
    expect(placed.order).toMatchObject({
      action: "BUY",
      totalQuantity: 100,
      orderType: "LMT",
      lmtPrice: 150.25,
      auxPrice: undefined,
      tif: "DAY",
      account: "DU123456",
      transmit: true,
      parentId: 0,
      outsideRth: false,
      whatIf: true,
      exemptCode: undefined,
      deltaNeutral: undefined,
      conditions: [],
    });
  });

  it("reads an empty transmit as 'not sent'", () => {
    const fields = [...APPENDIX_ORDER];
    fields[27] = "";
    expect(decodeOrder(fields, 178).order.transmit).toBeUndefined();
  });

  it("reads faProfile below 177, shifting whatIf to #85", () => {
    const fields = [...APPENDIX_ORDER.slice(0, 42), "", ...APPENDIX_ORDER.slice(42)];
    expect(fields[85]).toBe("1");
    expect(decodeOrder(fields, 176).order.whatIf).toBe(true);
  });

  it("reads the four fields appended at 193", () => {
    const order = decodeOrder([...APPENDIX_ORDER, "CUST1", "1", "1", "2147483647"], 193).order;
    expect(order).toMatchObject({ customerAccount: "CUST1", professionalCustomer: true, includeOvernight: true });
    expect(order.manualOrderIndicator).toBeUndefined();
  });

  it("reads the RFQ placeholders only at 187..189", () => {
    expect(decodeOrder([...APPENDIX_ORDER, "", "0", "", "2147483647"], 188).order.whatIf).toBe(true);
    expect(decodeOrder([...APPENDIX_ORDER, "", "0", "", "2147483647", "1"], 189).order.includeOvernight).toBe(true);
    expect(decodeOrder([...APPENDIX_ORDER, "", "0", "1"], 190).order.includeOvernight).toBe(true);
  });

  it("walks PEG BEST at IBKRATS with an up-to-mid offset (ins-F)", () => {
    const fields = [...APPENDIX_ORDER];
    fields[9] = "IBKRATS";
    fields[18] = "PEG BEST";
    const order = decodeOrder([...fields, "10", "100", "Infinite", "0.01", "0.005"], 178).order;
    expect(order).toMatchObject({
      minTradeQty: 10,
      minCompeteSize: 100,
      competeAgainstBestOffset: Infinity,
      midOffsetAtWhole: 0.01,
      midOffsetAtHalf: 0.005,
    });
  });

  it("walks every optional block of a BAG order and still finds whatIf", () => {
    const bag = ["0", "SPY", "BAG", "", "", "", "", "SMART", "", "USD", "", ""];
    const head = [
      "3",
      "42",
      ...bag,
      "",
      "",
      "BUY",
      "1",
      "PEG BENCH",
      "1.5",
      "",
      "DAY",
      "",
      "DU1234567",
      "",
      "0",
      "ref",
    ];
    const flags = ["1", "0", "0", "0", "", "0", "0", "0"];
    const legs = ["2", "1", "1", "BUY", "SMART", "0", "0", "", "-1", "2", "1", "SELL", "SMART", "0", "0", "", "-1"];
    const insA = [...legs, "2", "1.1", "", "1", "NonGuaranteed", "1"];
    const middle = ["", "", "", "", "", "", "", "", "0", "", "", "0", "", "", "0", "", "", "0", "0", "", "0"];
    const box = ["", "", "", "", "", "0", "", "", "LMT", ""];
    const insB = ["12345", "", "", "", "O", "0", "0", ""];
    const scale = ["0", "", "", "", "5", "5", "0.05", "0.01", "60", "0.1", "1", "", "", "0", "", "", "", "D", "0.5"];
    const routing = ["0", "", "", "0", "1", "111", "0.4", "10", "Adaptive", "1", "adaptivePriority", "Normal", ""];
    const whatIf = ["1", "", "0", "0", "0", "756733", "0", "0.5", "1.0", "SMART"];
    const conditions = [
      "2",
      "1",
      "a",
      "1",
      "600",
      "756733",
      "SMART",
      "0",
      "3",
      "o",
      "1",
      "20250101 10:00:00 US/Eastern",
    ];
    const tail = ["1", "0", ...Array<string>(24).fill("")];
    const later = ["CUST", "1", "1", "1"];
    const fields = [...head, ...flags, ...insA, ...middle, ...box, ...insB, ...scale, ...routing, ...whatIf];
    const order = decodeOrder([...fields, ...conditions, ...tail, ...later], 193).order;
    expect(order).toMatchObject({
      orderRef: "ref",
      transmit: true,
      comboLegs: [
        { conId: 1, action: "BUY", exemptCode: -1 },
        { conId: 2, action: "SELL" },
      ],
      orderComboLegPrices: [1.1, undefined],
      smartComboRoutingParams: [{ tag: "NonGuaranteed", value: "1" }],
      deltaNeutralOrderType: "LMT",
      deltaNeutral: { conId: 12345, openClose: "O" },
      scalePriceIncrement: 0.05,
      scaleExtras: { priceAdjustValue: 0.01, priceAdjustInterval: 60, autoReset: true },
      hedgeType: "D",
      hedgeParam: "0.5",
      deltaNeutralContract: { conId: 111, delta: 0.4, price: 10 },
      algoStrategy: "Adaptive",
      algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
      whatIf: true,
      pegBench: { referenceContractId: 756733, peggedChangeAmount: 0.5, referenceExchangeId: "SMART" },
      conditions: [
        { type: 1, conjunction: "a", values: ["1", "600", "756733", "SMART", "0"] },
        { type: 3, conjunction: "o", values: ["1", "20250101 10:00:00 US/Eastern"] },
      ],
      conditionsIgnoreRth: true,
      conditionsCancelOrder: false,
      customerAccount: "CUST",
      manualOrderIndicator: 1,
    });
  });

  it("reports a truncated order as malformed", () => {
    const decoded = decodeRequest(frame(APPENDIX_ORDER.slice(0, 60)).subarray(4), 178);
    expect(decoded).toMatchObject({ kind: "malformed", messageId: 3 });
  });

  it("reports an unknown condition type as malformed", () => {
    const fields = [...APPENDIX_ORDER];
    fields[89] = "1";
    fields.splice(90, 0, "9", "a");
    expect(decodeRequest(frame(fields).subarray(4), 178)).toMatchObject({ kind: "malformed", reason: /condition/ });
  });
});
