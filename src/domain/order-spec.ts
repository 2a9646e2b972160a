// OrderSpec: the request body of preview and place. Shape checks only (failures are 422);
// tif values and the per-type rules are checked by order-rules.ts (failures are 400 / REJECTED).
import { z } from "zod";
import { SymbolSpec } from "./instrument.js";
import { strictObject } from "./strict-object.js";

export const ORDER_TYPES = ["MKT", "LMT", "STP", "STP_LMT", "TRAIL", "TRAIL_LIMIT", "BRACKET", "MOC", "OPG"] as const;
export const OrderType = z.enum(ORDER_TYPES);
export type OrderType = z.infer<typeof OrderType>;

export const Side = z.enum(["BUY", "SELL"]);
export type Side = z.infer<typeof Side>;

export const TIFS = ["DAY", "GTC", "IOC", "FOK", "OPG"] as const;
export type Tif = (typeof TIFS)[number];

/**
 * Bounds no real order comes near, so that every figure derived from an order (notional, exposure, margin) stays a
 * finite number: a price above 1e12 or a quantity above 1e12 is a typing mistake, refused as a validation error.
 */
export const MAX_PRICE = 1e12;
export const MAX_QUANTITY = 1e12;
const price = z.number().finite().min(0).max(MAX_PRICE).nullish();
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export const orderSpecFields = {
  accountId: z.string().trim().min(1).nullish().describe("Managed account id, e.g. DU1234567; default: the first"),
  instrument: SymbolSpec.describe("What to trade: the instrument fields of POST /market-data/quote"),
  side: Side.describe("BUY or SELL (upper case)"),
  quantity: z
    .number()
    .finite()
    .positive()
    .max(MAX_QUANTITY)
    .describe("Units to trade: shares, contracts (whole numbers for FUT and OPT) or base currency for CASH"),
  orderType: OrderType.describe(
    "MKT market, LMT limit, STP stop, STP_LMT stop-limit, TRAIL trailing stop, TRAIL_LIMIT trailing stop-limit, " +
      "BRACKET (entry LMT with take-profit and stop-loss legs), MOC market-on-close, OPG market-on-open",
  ),
  limitPrice: price.describe(
    "Limit price in the instrument's currency: LMT, STP_LMT, BRACKET entry; TRAIL_LIMIT offset",
  ),
  stopPrice: price.describe("Stop (trigger) price in the instrument's currency: STP, STP_LMT"),
  /** Any string passes the schema; unknown values are a 400 (checkTif), not a 422. */
  tif: z.string().default("DAY").describe("Time in force: DAY (default), GTC, IOC, FOK or OPG"),
  outsideRth: z.boolean().default(false).describe("Allow execution outside regular trading hours; default false"),
  clientOrderId: z
    .string()
    .min(1)
    .max(64)
    .regex(PRINTABLE_ASCII, "must be printable ASCII")
    .nullish()
    .describe("Your idempotency key (1–64 printable ASCII): a retry with the same key never places a second order"),
  transmit: z
    .boolean()
    .default(true)
    .describe("false stages the order at the broker without transmitting; default true"),
  trailingAmount: z
    .number()
    .finite()
    .positive()
    .max(MAX_PRICE)
    .nullish()
    .describe("TRAIL/TRAIL_LIMIT: trail in price units (give this or trailingPercent)"),
  trailingPercent: z
    .number()
    .finite()
    .positive()
    .max(100)
    .nullish()
    .describe("TRAIL/TRAIL_LIMIT: trail in percent, 0–100 (give this or trailingAmount)"),
  trailStopPrice: price.describe("TRAIL/TRAIL_LIMIT: initial stop price"),
  takeProfitPrice: price.describe("BRACKET: take-profit limit price (above the entry for BUY, below for SELL)"),
  stopLossPrice: price.describe("BRACKET: stop-loss trigger price (below the entry for BUY, above for SELL)"),
  stopLossLimitPrice: price.describe("BRACKET: makes the stop-loss leg a stop-limit at this price"),
  bracketTransmit: z
    .boolean()
    .default(true)
    .describe("BRACKET: false stages all three legs untransmitted; default true"),
  ocaGroup: z.string().min(1).max(64).nullish().describe("One-Cancels-All group name (1–64 characters)"),
  ocaType: z
    .number()
    .int()
    .min(1)
    .max(3)
    .nullish()
    .describe("OCA type: 1 cancel others with block, 2 reduce with block, 3 reduce without block"),
};

export const OrderSpec = strictObject(orderSpecFields);
export type OrderSpec = z.infer<typeof OrderSpec>;
export type OrderSpecInput = z.input<typeof OrderSpec>;

export const PlaceOrderRequest = strictObject({
  ...orderSpecFields,
  confirmationToken: z
    .string()
    .min(1)
    .nullish()
    .describe(
      "The confirmationToken of a POST /orders/preview of exactly this order (valid 5 minutes, once); required " +
        "when REQUIRE_ORDER_CONFIRMATION is on and orders are enabled",
    ),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;
