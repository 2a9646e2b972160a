// Unit tests of COMPLETED_ORDER against the field order of the official client's completed-order decoder, written
// out by hand: a plain MKT order at 193, the fields that depend on the server version, and frame = fields.

import { describe, expect, it } from "vitest";
import { FieldReader } from "../field-reader.js";
import { readPlacedOrder } from "../requests/place-order.js";
import { messageFields } from "../response-table.js";
import type { CompletedOrder } from "./completed-order.js";

const MAX = "1.7976931348623157E308";
const INT_MAX = "2147483647";
// prettier-ignore
const EXPECTED_193 = [
  "101",
  // contract
  "265598", "AAPL", "STK", "", "0", "?", "", "SMART", "USD", "AAPL", "NMS",
  // action … orderRef, permId
  "BUY", "10", "MKT", "", "", "DAY", "", "DU1", "", "0", "r1", "1000001",
  // outsideRth, hidden, discretionaryAmt, goodAfterTime, faGroup/Method/Percentage, modelCode, goodTillDate, rule80A,
  // percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode
  "0", "0", "0", "", "", "", "", "", "", "", "", "", "0", "", "-1",
  // startingPrice, stockRefPrice, delta, stockRangeLower/Upper, displaySize, sweepToFill, allOrNone, minQty, ocaType,
  // triggerMethod
  "", "", "", "", "", INT_MAX, "0", "0", "", "0", "0",
  // volatility, volatilityType, deltaNeutralOrderType + aux, its conId/shortSale/slot/location, continuousUpdate,
  // referencePriceType, trailStopPrice, trailingPercent
  "", "0", "None", "", "0", "0", "0", "", "0", "0", "", "",
  // comboLegsDescrip, legs, leg prices, smart-combo params, scale init/subs/increment, hedgeType, clearing account/
  // intent, notHeld, delta-neutral contract, algoStrategy, solicited
  "", "0", "0", "0", INT_MAX, INT_MAX, "", "", "", "IB", "0", "0", "", "0",
  // status, randomizeSize/Price, conditions, trailStopPrice, lmtPriceOffset, cashQty, dontUseAutoPriceForHedge,
  // isOmsContainer
  "Filled", "0", "0", "0", MAX, MAX, "", "0", "0",
  // autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent, shareholder, imbalanceOnly,
  // routeMarketableToBbo, parentPermId, completedTime, completedStatus
  "", "10", "0", "0", "", "0", "0", "1000000", "20250604 11:00:05 America/New_York", "Filled",
  // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole/Half, customerAccount, professionalCustomer
  INT_MAX, INT_MAX, MAX, MAX, MAX, "", "0",
];

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

function completed(serverVersion: number): CompletedOrder {
  const blank = readPlacedOrder(FieldReader.allUnset(), serverVersion, contract);
  return {
    type: "completedOrder",
    contract,
    order: { ...blank, action: "BUY", totalQuantity: 10, orderType: "MKT", tif: "DAY", account: "DU1", orderRef: "r1" },
    permId: 1000001,
    parentPermId: 1000000,
    filledQuantity: 10,
    status: "Filled",
    completedTime: "20250604 11:00:05 America/New_York",
    completedStatus: "Filled",
  };
}

describe("COMPLETED_ORDER", () => {
  it("writes a plain order in the completed-order field order at 193", () => {
    expect(messageFields(completed(193), 193)).toEqual(EXPECTED_193);
  });

  it("adds faProfile below 177 and drops customerAccount / professionalCustomer below 183 / 184", () => {
    const at176 = messageFields(completed(176), 176);
    const at182 = messageFields(completed(182), 182);
    expect(at182).toEqual(EXPECTED_193.slice(0, -2));
    expect(at176).toEqual([...at182.slice(0, 31), "", ...at182.slice(31)]);
  });
});
