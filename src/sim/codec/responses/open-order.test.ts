// Unit tests of OPEN_ORDER against the real TWS capture of the protocol at 176, 178 and 193, and its conditional blocks.

import { describe, expect, it } from "vitest";
import { canonical, frame } from "../../../../test/sim/support/wire.js";
import { FieldReader } from "../field-reader.js";
import { readPlacedOrder } from "../requests/place-order.js";
import { encodeMessage, messageFields } from "../response-table.js";
import type { OpenOrder } from "./open-order.js";

const MAX = "1.7976931348623157E308";
// column: a real TWS OPEN_ORDER for MKT BUY 100 AAPL, at 178 (135 wire fields).
// prettier-ignore
const REAL_OPEN_ORDER = [
  "5", "5", "265598", "AAPL", "STK", "", "0", "?", "", "SMART", "USD", "AAPL", "NMS", "BUY", "100", "MKT", "0.0", "0.0",
  "DAY", "", "DU1234567", "", "0", "", "100", "600745656", "0", "0", "0", "", "600745656.0/DU1234567/100", "", "", "",
  "", "", "", "", "", "0", "", "-1", "0", "", "", "", "", "", "2147483647", "0", "0", "0", "", "3", "0", "0", "", "0",
  "0", "", "0", "None", "", "0", "", "", "", "?", "0", "0", "", "0", "0", "", "", "", "", "", "0", "0", "0",
  "2147483647", "2147483647", "", "", "0", "", "IB", "0", "0", "", "0", "0", "PreSubmitted", MAX, MAX, MAX, MAX, MAX,
  MAX, MAX, MAX, MAX, "", "", "", "", "", "0", "0", "0", "None", MAX, MAX, MAX, MAX, MAX, MAX, "0", "", "", "", "0",
  "1", "0", "0", "0", "", "", "0", "", "100", "0.02", "", "",
];
const FA_PERCENTAGE_INDEX = 33;
const WHAT_IF_INDEX = 92; // #84 plus the 8 delta-neutral fields
const STATUS_INDEX = WHAT_IF_INDEX + 1;

const contract = {
  conId: 265598,
  symbol: "AAPL",
  secType: "STK",
  lastTradeDateOrContractMonth: "",
  strike: undefined,
  right: "",
  multiplier: "",
  exchange: "SMART",
  primaryExchange: "NASDAQ",
  currency: "USD",
  localSymbol: "AAPL",
  tradingClass: "NMS",
};

function realOrder(): OpenOrder {
  const blank = readPlacedOrder(FieldReader.allUnset(), 178, contract);
  return {
    type: "openOrder",
    orderId: 5,
    contract,
    clientId: 100,
    permId: 600745656,
    order: {
      ...blank,
      action: "BUY",
      totalQuantity: 100,
      orderType: "MKT",
      lmtPrice: 0,
      auxPrice: 0,
      tif: "DAY",
      account: "DU1234567",
      sharesAllocation: "600745656.0/DU1234567/100",
      ocaType: 3,
      cashQty: 0,
      dontUseAutoPriceForHedge: true,
      minCompeteSize: 100,
      competeAgainstBestOffset: 0.02,
    },
    state: { status: "PreSubmitted", commissionCurrency: "", warningText: "" },
  };
}

function fields(message: OpenOrder, serverVersion: number): string[] {
  const list = messageFields(message, serverVersion);
  expect(encodeMessage(message, serverVersion)).toEqual(frame(list));
  return list;
}

describe("OPEN_ORDER", () => {
  it("reproduces the real TWS capture at 178 (135 wire fields)", () => {
    expect(REAL_OPEN_ORDER).toHaveLength(135);
    expect(canonical(fields(realOrder(), 178))).toEqual(canonical(REAL_OPEN_ORDER));
  });

  it("carries faProfile below 177", () => {
    const expected = [
      ...REAL_OPEN_ORDER.slice(0, FA_PERCENTAGE_INDEX + 1),
      "",
      ...REAL_OPEN_ORDER.slice(FA_PERCENTAGE_INDEX + 1),
    ];
    expect(canonical(fields(realOrder(), 176))).toEqual(canonical(expected));
  });

  it("appends customerAccount … manualOrderIndicator at 193", () => {
    const message = realOrder();
    message.order = { ...message.order, customerAccount: "C1", includeOvernight: true, extOperator: "op" };
    expect(canonical(fields(message, 193))).toEqual(canonical([...REAL_OPEN_ORDER, "C1", "0", "", "1", "op", ""]));
    expect(fields(message, 185)).toHaveLength(135 + 3);
    expect(fields(message, 189)).toHaveLength(135 + 4);
  });

  it("writes what-if margins as numbers and the whatIf flag", () => {
    const message = realOrder();
    message.order = { ...message.order, whatIf: true };
    message.state = {
      status: "PreSubmitted",
      initMarginBefore: 0,
      maintMarginBefore: 0,
      equityWithLoanBefore: 1000000,
      initMarginChange: 12500,
      maintMarginChange: 6250,
      equityWithLoanChange: -1,
      initMarginAfter: 12500,
      maintMarginAfter: 6250,
      equityWithLoanAfter: 999999,
      commission: 1,
      commissionCurrency: "USD",
      warningText: "",
    };
    const list = fields(message, 178);
    expect(list[WHAT_IF_INDEX]).toBe("1");
    expect(list.slice(STATUS_INDEX, STATUS_INDEX + 15)).toEqual([
      "PreSubmitted",
      "0",
      "0",
      "1000000",
      "12500",
      "6250",
      "-1",
      "12500",
      "6250",
      "999999",
      "1",
      "",
      "",
      "USD",
      "",
    ]);
  });

  it("derives every conditional block from the same values it writes", () => {
    const message = realOrder();
    message.contract = { ...contract, secType: "BAG", right: "C" };
    message.order = {
      ...message.order,
      orderType: "PEG BENCH",
      deltaNeutralOrderType: "",
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
      orderComboLegPrices: [1.5],
      smartComboRoutingParams: [{ tag: "NonGuaranteed", value: "1" }],
      scalePriceIncrement: 0.05,
      hedgeType: "D",
      hedgeParam: "0.5",
      deltaNeutralContract: { conId: 9, delta: 0.5, price: 1 },
      algoStrategy: "Adaptive",
      algoParams: [{ tag: "adaptivePriority", value: "Normal" }],
      conditions: [{ type: 4, conjunction: "a", values: ["1", "30"] }],
    };
    const list = fields(message, 178);
    // 135 + leg (8) + price (1) + param pair (2) + scale extras (7) + hedgeParam + dn contract (3) + algo (1 + 2)
    // + PEG BENCH (5) + condition (4) + ignoreRth/cancelOrder (2)
    expect(list).toHaveLength(135 + 8 + 1 + 2 + 7 + 1 + 3 + 3 + 5 + 4 + 2);
    expect(list[7]).toBe("C");
    expect(list[61]).toBe("None");
  });
});
