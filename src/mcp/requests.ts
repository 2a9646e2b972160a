// Request building: snake_case tool arguments to the camelCase REST bodies and queries.
// Optional values are sent only when given, booleans that default to true only when false, so the gateway's
// defaults apply exactly as they would for a REST caller.
import type { z } from "zod";
import type { instrumentShape, orderShape, placeOrderShape } from "./params.js";

type Args<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;
export type InstrumentArgs = Args<typeof instrumentShape>;
export type OrderArgs = Args<typeof orderShape>;
export type PlaceOrderArgs = Args<typeof placeOrderShape>;

type Body = Record<string, unknown>;

/** Copies `value` under `key` unless it is absent, null or an empty string. */
function put(body: Body, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== "") body[key] = value;
}

export function instrumentBody(a: InstrumentArgs): Body {
  const body: Body = { symbol: a.symbol, securityType: a.security_type };
  put(body, "exchange", a.exchange);
  put(body, "currency", a.currency);
  put(body, "expiry", a.expiry);
  put(body, "strike", a.strike);
  put(body, "right", a.right);
  put(body, "multiplier", a.multiplier);
  put(body, "conId", a.con_id);
  return body;
}

function orderInstrument(a: OrderArgs): InstrumentArgs {
  return {
    symbol: a.instrument_symbol,
    security_type: a.instrument_security_type,
    exchange: a.instrument_exchange,
    currency: a.instrument_currency,
    expiry: a.instrument_expiry,
    strike: a.instrument_strike,
    right: a.instrument_right,
    multiplier: a.instrument_multiplier,
    con_id: a.instrument_con_id,
  };
}

const OPTIONAL_ORDER_FIELDS = [
  ["limit_price", "limitPrice"],
  ["stop_price", "stopPrice"],
  ["trailing_amount", "trailingAmount"],
  ["trailing_percent", "trailingPercent"],
  ["trail_stop_price", "trailStopPrice"],
  ["take_profit_price", "takeProfitPrice"],
  ["stop_loss_price", "stopLossPrice"],
  ["stop_loss_limit_price", "stopLossLimitPrice"],
  ["oca_group", "ocaGroup"],
  ["oca_type", "ocaType"],
] as const satisfies readonly (readonly [keyof OrderArgs, string])[];

/** Body of POST /orders/preview (an OrderSpec). */
export function orderBody(a: OrderArgs): Body {
  const body: Body = {};
  put(body, "accountId", a.account_id);
  body["instrument"] = instrumentBody(orderInstrument(a));
  Object.assign(body, { side: a.side, quantity: a.quantity, orderType: a.order_type, tif: a.tif });
  body["outsideRth"] = a.outside_rth;
  for (const [arg, field] of OPTIONAL_ORDER_FIELDS) put(body, field, a[arg]);
  if (a.transmit === false) body["transmit"] = false;
  if (a.bracket_transmit === false) body["bracketTransmit"] = false;
  return body;
}

/** Body of POST /orders: the OrderSpec plus the idempotency key and the confirmation token. */
export function placeOrderBody(a: PlaceOrderArgs): Body {
  const body = orderBody(a);
  put(body, "clientOrderId", a.client_order_id);
  put(body, "confirmationToken", a.confirmation_token);
  return body;
}

/** Query parameters that were given (non-empty), under their REST names. */
export function queryOf(entries: Record<string, string | undefined>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined && value !== "") query[key] = value;
  return query;
}
