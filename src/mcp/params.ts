// Parameter schemas of the MCP tools: snake_case names, defaults and descriptions written for a model.
// They check shapes and types only; the gateway's own rules (order rules, bar sizes, expiries) stay in the
// operations, whose errors reach the model unchanged.
import { z } from "zod";
import { ORDER_TYPES, SECURITY_TYPES, TIFS, type HistoricalFieldNames } from "../domain/index.js";

const text = (description: string) => z.string().min(1).describe(description);
const price = (description: string) => z.number().finite().min(0).optional().describe(description);

export const instrumentShape = {
  symbol: text("Ticker or root symbol, e.g. AAPL, MES, EUR.USD (for CASH pairs)"),
  security_type: z
    .enum(SECURITY_TYPES)
    .describe(
      "Security type: STK (stock), ETF, FUT (future), OPT (option), IND, CASH (forex), CFD, BOND, FUND, CRYPTO",
    ),
  exchange: text("Exchange, e.g. SMART, CME; defaults per symbol").optional(),
  currency: text("Currency, e.g. USD; defaults to USD (CASH: taken from AAA.BBB)").optional(),
  expiry: text(
    "Expiry for FUT/OPT: YYYY-MM-DD or YYYYMMDD (FUT also YYYY-MM); FUT without expiry = front month",
  ).optional(),
  strike: z.number().finite().min(0).optional().describe("Option strike price (required for OPT)"),
  right: z.enum(["C", "P", "CALL", "PUT"]).optional().describe("Option right: C/CALL or P/PUT (required for OPT)"),
  multiplier: text('Contract multiplier as a string, e.g. "5", to tell similar contracts apart').optional(),
  con_id: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("The broker's contract id (a position's instrument.conId): only that contract matches"),
};

type Prefixed<P extends string, S> = { [K in keyof S & string as `${P}${K}`]: S[K] };

function prefixed<P extends string, S extends Record<string, z.ZodType>>(prefix: P, shape: S): Prefixed<P, S> {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [`${prefix}${k}`, v])) as Prefixed<P, S>;
}

export const accountIdParam = text("Account id, e.g. DU1234567; defaults to the first managed account").optional();

export const orderShape = {
  ...prefixed("instrument_", instrumentShape),
  side: z.enum(["BUY", "SELL"]).describe("BUY or SELL (upper case)"),
  quantity: z.number().finite().positive().describe("Quantity (> 0; whole numbers for FUT and OPT)"),
  order_type: z.enum(ORDER_TYPES).describe("MKT, LMT, STP, STP_LMT, TRAIL, TRAIL_LIMIT, BRACKET, MOC or OPG"),
  limit_price: price("Limit price: LMT, STP_LMT, BRACKET entry; the limit offset for TRAIL_LIMIT"),
  stop_price: price("Stop (trigger) price: STP, STP_LMT"),
  tif: z.enum(TIFS).default("DAY").describe("Time in force: DAY, GTC, IOC, FOK or OPG"),
  outside_rth: z.boolean().default(false).describe("Allow execution outside regular trading hours"),
  transmit: z.boolean().default(true).describe("false stages the order at the broker without transmitting it"),
  trailing_amount: z.number().finite().positive().optional().describe("TRAIL/TRAIL_LIMIT: trail in price units"),
  trailing_percent: z
    .number()
    .finite()
    .positive()
    .max(100)
    .optional()
    .describe("TRAIL/TRAIL_LIMIT: trail in percent (give this OR trailing_amount)"),
  trail_stop_price: price("TRAIL/TRAIL_LIMIT: initial stop price"),
  take_profit_price: price("BRACKET: take-profit limit price"),
  stop_loss_price: price("BRACKET: stop-loss trigger price"),
  stop_loss_limit_price: price("BRACKET: makes the stop-loss leg a stop-limit at this price"),
  bracket_transmit: z.boolean().default(true).describe("BRACKET: false stages all three legs untransmitted"),
  oca_group: z.string().min(1).max(64).optional().describe("One-Cancels-All group name"),
  oca_type: z
    .number()
    .int()
    .min(1)
    .max(3)
    .optional()
    .describe("OCA type: 1 cancel others with block (default), 2 reduce with block, 3 reduce without block"),
  account_id: accountIdParam,
};

export const placeOrderShape = {
  ...orderShape,
  client_order_id: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("Your idempotency key: placing again with the same key returns the first result, never a 2nd order"),
  confirmation_token: text(
    "REQUIRED: the confirmation_token returned by preview_order for exactly these order parameters (valid 5 minutes, once)",
  ),
};

export const orderIdShape = {
  order_id: text("Order id as returned by place_order (orderId), a permId, or ord_<brokerOrderId>"),
};

/** get_historical_data's own argument names, used in the messages of the historical-bars rules. */
export const HISTORICAL_ARGUMENT_NAMES: HistoricalFieldNames = {
  barSize: "bar_size",
  duration: "duration",
  whatToShow: "what_to_show",
  endDateTime: "end_date_time",
};
