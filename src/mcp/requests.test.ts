// Request building: exact REST bodies for the tool arguments, with optional values only when given.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { orderShape, placeOrderShape } from "./params.js";
import { instrumentBody, orderBody, placeOrderBody, queryOf } from "./requests.js";

const order = (args: Record<string, unknown>) => orderBody(z.object(orderShape).parse(args));
const BASE = {
  instrument_symbol: "AAPL",
  instrument_security_type: "STK",
  side: "BUY",
  quantity: 1,
  order_type: "MKT",
};

describe("instrumentBody", () => {
  it("sends symbol and securityType, plus only the optional fields that were given", () => {
    expect(JSON.stringify(instrumentBody({ symbol: "AAPL", security_type: "STK" }))).toBe(
      '{"symbol":"AAPL","securityType":"STK"}',
    );
    const option = { symbol: "AAPL", security_type: "OPT", expiry: "2026-01-16", strike: 0, right: "C" } as const;
    expect(instrumentBody(option)).toEqual({
      symbol: "AAPL",
      securityType: "OPT",
      expiry: "2026-01-16",
      strike: 0,
      right: "C",
    });
  });
});

describe("orderBody", () => {
  it("always sends side, quantity, orderType, tif and outsideRth with their defaults, nothing else", () => {
    expect(order(BASE)).toEqual({
      instrument: { symbol: "AAPL", securityType: "STK" },
      side: "BUY",
      quantity: 1,
      orderType: "MKT",
      tif: "DAY",
      outsideRth: false,
    });
  });

  it("sends transmit and bracketTransmit only when false", () => {
    expect(order({ ...BASE, transmit: true, bracket_transmit: true })).not.toHaveProperty("transmit");
    expect(order({ ...BASE, transmit: false, bracket_transmit: false })).toMatchObject({
      transmit: false,
      bracketTransmit: false,
    });
  });

  it("maps every optional field to its camelCase name, zero included", () => {
    const body = order({
      ...BASE,
      order_type: "BRACKET",
      instrument_exchange: "SMART",
      limit_price: 95,
      stop_price: 0,
      trailing_amount: 1,
      trailing_percent: 2,
      trail_stop_price: 3,
      take_profit_price: 110,
      stop_loss_price: 90,
      stop_loss_limit_price: 89,
      oca_group: "g",
      oca_type: 2,
      account_id: "DU1234567",
      tif: "GTC",
      outside_rth: true,
    });
    expect(body).toEqual({
      accountId: "DU1234567",
      instrument: { symbol: "AAPL", securityType: "STK", exchange: "SMART" },
      side: "BUY",
      quantity: 1,
      orderType: "BRACKET",
      tif: "GTC",
      outsideRth: true,
      limitPrice: 95,
      stopPrice: 0,
      trailingAmount: 1,
      trailingPercent: 2,
      trailStopPrice: 3,
      takeProfitPrice: 110,
      stopLossPrice: 90,
      stopLossLimitPrice: 89,
      ocaGroup: "g",
      ocaType: 2,
    });
  });

  it("adds clientOrderId and confirmationToken for place_order", () => {
    const args = z.object(placeOrderShape).parse({ ...BASE, client_order_id: "c-1", confirmation_token: "v1.1.x" });
    expect(placeOrderBody(args)).toMatchObject({ clientOrderId: "c-1", confirmationToken: "v1.1.x" });
    const noKey = z.object(placeOrderShape).parse({ ...BASE, confirmation_token: "v1.1.x" });
    expect(placeOrderBody(noKey)).not.toHaveProperty("clientOrderId");
  });
});

describe("queryOf", () => {
  it("keeps only the parameters that were given", () => {
    expect(queryOf({ account_id: undefined, timeframe: "" })).toEqual({});
    expect(queryOf({ account_id: "DU1", timeframe: "1d" })).toEqual({ account_id: "DU1", timeframe: "1d" });
  });
});
