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
  accountId: z.string().trim().min(1).nullish(),
  instrument: SymbolSpec,
  side: Side,
  quantity: z.number().finite().positive().max(MAX_QUANTITY),
  orderType: OrderType,
  limitPrice: price,
  stopPrice: price,
  /** Any string passes the schema; unknown values are a 400 (checkTif), not a 422. */
  tif: z.string().default("DAY"),
  outsideRth: z.boolean().default(false),
  clientOrderId: z.string().min(1).max(64).regex(PRINTABLE_ASCII, "must be printable ASCII").nullish(),
  transmit: z.boolean().default(true),
  trailingAmount: z.number().finite().positive().max(MAX_PRICE).nullish(),
  trailingPercent: z.number().finite().positive().max(100).nullish(),
  trailStopPrice: price,
  takeProfitPrice: price,
  stopLossPrice: price,
  stopLossLimitPrice: price,
  bracketTransmit: z.boolean().default(true),
  ocaGroup: z.string().min(1).max(64).nullish(),
  ocaType: z.number().int().min(1).max(3).nullish(),
};

export const OrderSpec = strictObject(orderSpecFields);
export type OrderSpec = z.infer<typeof OrderSpec>;
export type OrderSpecInput = z.input<typeof OrderSpec>;

export const PlaceOrderRequest = strictObject({ ...orderSpecFields, confirmationToken: z.string().min(1).nullish() });
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;
