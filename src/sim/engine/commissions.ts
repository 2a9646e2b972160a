// The commission schedule, in USD. A pure function of the fill; charging it to the account is
// the account's business.

import { round6, type Instrument } from "../market/index.js";

export const COMMISSION_CURRENCY = "USD";

export interface CommissionInput {
  instrument: Instrument;
  quantity: number;
  price: number;
  /** FX is charged per order, so only an order's first fill pays. */
  firstFillOfOrder: boolean;
}

export function commissionFor({ instrument, quantity, price, firstFillOfOrder }: CommissionInput): number {
  const contracts = Math.abs(quantity);
  switch (instrument.secType) {
    case "STK": {
      const tradeValue = contracts * price * instrument.multiplier;
      return round6(Math.min(Math.max(1, 0.005 * contracts), 0.01 * tradeValue));
    }
    case "FUT":
      return round6(0.85 * contracts);
    case "OPT":
      return round6(Math.max(1, 0.65 * contracts));
    case "CASH":
      return firstFillOfOrder ? 2 : 0;
    default:
      return 1;
  }
}
