// What-if evaluation: the account's margin and equity before, the change the order would cause, and
// after, plus its commission. Reads the account; never changes it.

import { round6, type Instrument, type Quote } from "../market/index.js";
import type { Account } from "./account.js";
import { COMMISSION_CURRENCY, commissionFor } from "./commissions.js";
import { positionMargin } from "./margin.js";
import { isSet, touchPrice } from "./order-types.js";
import type { SimOrder, WhatIfState } from "./types.js";

/** The price the order would most likely execute at: its limit, else its stop, else the touch, else the mark. */
function estimatedPrice(order: SimOrder, quote: Quote, mark: number): number {
  if ((order.orderType === "LMT" || order.orderType === "STP LMT") && isSet(order.lmtPrice)) return order.lmtPrice;
  if (order.orderType === "STP" && isSet(order.auxPrice)) return order.auxPrice;
  return touchPrice(order.action, quote) ?? mark;
}

export function whatIfState(account: Account, order: SimOrder, instrument: Instrument, quote: Quote): WhatIfState {
  const before = account.valuation();
  const { mark } = account.marks(instrument.conId);
  const price = estimatedPrice(order, quote, mark);
  const signed = order.action === "BUY" ? order.totalQuantity : -order.totalQuantity;
  const held = account.positionQuantity(instrument.conId);
  const marginNow = positionMargin(instrument, held, mark);
  const marginThen = positionMargin(instrument, held + signed, mark);
  const commission = commissionFor({ instrument, quantity: order.totalQuantity, price, firstFillOfOrder: true });
  const initChange = marginThen.initial - marginNow.initial;
  const maintChange = marginThen.maintenance - marginNow.maintenance;
  const equityChange = signed * (mark - price) * instrument.multiplier - commission;
  return {
    status: "PreSubmitted",
    initMarginBefore: round6(before.margin.initial),
    maintMarginBefore: round6(before.margin.maintenance),
    equityWithLoanBefore: round6(before.netLiquidation),
    initMarginChange: round6(initChange),
    maintMarginChange: round6(maintChange),
    equityWithLoanChange: round6(equityChange),
    initMarginAfter: round6(before.margin.initial + initChange),
    maintMarginAfter: round6(before.margin.maintenance + maintChange),
    equityWithLoanAfter: round6(before.netLiquidation + equityChange),
    commission,
    commissionCurrency: COMMISSION_CURRENCY,
    warningText: "",
  };
}
