import { describe, expect, it } from "vitest";
import { OrderSpec, type OrderSpecInput } from "./order-spec.js";
import { checkTif, orderValidationError, validateOrderRules } from "./order-rules.js";

const AAPL = { symbol: "AAPL", securityType: "STK" } as const;

function rules(input: Partial<OrderSpecInput>): string[] {
  const spec = OrderSpec.parse({ instrument: AAPL, side: "BUY", quantity: 1, orderType: "MKT", ...input });
  return validateOrderRules(spec);
}

describe("required prices", () => {
  it.each<[Partial<OrderSpecInput>, string[]]>([
    [{ orderType: "MKT" }, []],
    [{ orderType: "MKT", limitPrice: 150 }, ["Market orders (MKT) cannot have a limit price"]],
    [{ orderType: "LMT" }, ["Limit orders (LMT) require a limit price"]],
    [{ orderType: "LMT", limitPrice: 0 }, ["Limit price must be positive, got 0"]],
    [{ orderType: "LMT", limitPrice: 150 }, []],
    [{ orderType: "STP" }, ["Stop orders (STP) require a stop price"]],
    [{ orderType: "STP", stopPrice: 0 }, ["Stop price must be positive, got 0"]],
    [{ orderType: "STP", stopPrice: 140 }, []],
    [
      { orderType: "STP_LMT" },
      ["Stop-limit orders (STP_LMT) require a stop price", "Stop-limit orders (STP_LMT) require a limit price"],
    ],
    [{ orderType: "STP_LMT", stopPrice: 140 }, ["Stop-limit orders (STP_LMT) require a limit price"]],
    [
      { orderType: "STP_LMT", stopPrice: 0, limitPrice: 0 },
      ["Limit price must be positive, got 0", "Stop price must be positive, got 0"],
    ],
    [{ orderType: "STP_LMT", stopPrice: 140, limitPrice: 139 }, []],
    [{ orderType: "TRAIL", side: "SELL" }, ["Trailing stop orders (TRAIL) require trailingAmount OR trailingPercent"]],
    [
      { orderType: "TRAIL", trailingAmount: 2.5, trailingPercent: 5 },
      ["Trailing stop orders (TRAIL) cannot have both trailingAmount AND trailingPercent"],
    ],
    [{ orderType: "TRAIL", trailingPercent: 2.5, trailStopPrice: 95 }, []],
    [
      { orderType: "TRAIL_LIMIT", trailingAmount: 1 },
      ["Trailing stop-limit orders (TRAIL_LIMIT) require a limit price (the limit offset)"],
    ],
    [
      { orderType: "TRAIL_LIMIT" },
      [
        "Trailing stop-limit orders (TRAIL_LIMIT) require trailingAmount OR trailingPercent",
        "Trailing stop-limit orders (TRAIL_LIMIT) require a limit price (the limit offset)",
      ],
    ],
    [
      { orderType: "TRAIL_LIMIT", limitPrice: 0.5, trailingAmount: 1, trailingPercent: 1 },
      ["Trailing stop-limit orders (TRAIL_LIMIT) cannot have both trailingAmount AND trailingPercent"],
    ],
    [{ orderType: "TRAIL_LIMIT", limitPrice: 0.5, trailingAmount: 1 }, []],
    [{ orderType: "MOC" }, []],
    [{ orderType: "OPG" }, []],
  ])("%j → %j", (input, expected) => {
    expect(rules(input)).toEqual(expected);
  });

  it("reports every missing bracket price, and non-positive ones with their labels", () => {
    expect(rules({ orderType: "BRACKET" })).toEqual([
      "Bracket orders (BRACKET) require a limit price for the entry order",
      "Bracket orders (BRACKET) require a take profit price",
      "Bracket orders (BRACKET) require a stop loss price",
    ]);
    expect(
      rules({ orderType: "BRACKET", limitPrice: 0, takeProfitPrice: 0, stopLossPrice: 0, stopLossLimitPrice: 0 }),
    ).toEqual([
      "Limit price must be positive, got 0",
      "Take profit price must be positive, got 0",
      "Stop loss price must be positive, got 0",
      "Stop loss limit price must be positive, got 0",
    ]);
  });
});

describe("fields that do not belong to the type", () => {
  it("names the type and the field", () => {
    expect(rules({ orderType: "LMT", limitPrice: 150, stopPrice: 140 })).toEqual(["LMT orders cannot have stopPrice"]);
    expect(rules({ orderType: "MOC", limitPrice: 1, trailingAmount: 1 })).toEqual([
      "MOC orders cannot have limitPrice",
      "MOC orders cannot have trailingAmount",
    ]);
    expect(rules({ orderType: "STP", stopPrice: 1, takeProfitPrice: 2 })).toEqual([
      "STP orders cannot have takeProfitPrice",
    ]);
    expect(rules({ orderType: "TRAIL", trailingAmount: 1, limitPrice: 2 })).toEqual([
      "TRAIL orders cannot have limitPrice",
    ]);
    expect(
      rules({ orderType: "BRACKET", limitPrice: 100, takeProfitPrice: 110, stopLossPrice: 90, stopPrice: 95 }),
    ).toEqual(["BRACKET orders cannot have stopPrice"]);
  });

  it("lists foreign fields in the header's field order, after the messages", () => {
    expect(rules({ orderType: "OPG", stopLossLimitPrice: 1, trailStopPrice: 2, stopPrice: 3, limitPrice: 4 })).toEqual([
      "OPG orders cannot have limitPrice",
      "OPG orders cannot have stopPrice",
      "OPG orders cannot have trailStopPrice",
      "OPG orders cannot have stopLossLimitPrice",
    ]);
    expect(rules({ orderType: "MKT", limitPrice: 1, stopPrice: 2 })).toEqual([
      "Market orders (MKT) cannot have a limit price",
      "MKT orders cannot have stopPrice",
    ]);
  });
});

describe("bracket direction", () => {
  it("reports every BUY violation", () => {
    expect(
      rules({
        orderType: "BRACKET",
        limitPrice: 195,
        takeProfitPrice: 190,
        stopLossPrice: 200,
        stopLossLimitPrice: 201,
      }),
    ).toEqual([
      "For BUY bracket: take profit price must be greater than entry price",
      "For BUY bracket: stop loss price must be less than entry price",
      "For BUY bracket: stop loss limit price must not be greater than stop loss price",
    ]);
  });

  it("reports every SELL violation and accepts a well-formed SELL bracket", () => {
    const base = { orderType: "BRACKET", side: "SELL" } as const;
    expect(
      rules({ ...base, limitPrice: 100, takeProfitPrice: 105, stopLossPrice: 95, stopLossLimitPrice: 94 }),
    ).toEqual([
      "For SELL bracket: take profit price must be less than entry price",
      "For SELL bracket: stop loss price must be greater than entry price",
      "For SELL bracket: stop loss limit price must not be less than stop loss price",
    ]);
    expect(
      rules({ ...base, limitPrice: 100, takeProfitPrice: 90, stopLossPrice: 105, stopLossLimitPrice: 106 }),
    ).toEqual([]);
  });

  it("is skipped when a price is missing or not positive", () => {
    expect(rules({ orderType: "BRACKET", limitPrice: 195, takeProfitPrice: 0, stopLossPrice: 200 })).toEqual([
      "Take profit price must be positive, got 0",
    ]);
  });
});

describe("tif, OCA and quantity", () => {
  it.each<[Partial<OrderSpecInput>, string[]]>([
    [{ orderType: "MOC", tif: "GTC" }, ["MOC orders require tif='DAY'"]],
    [{ orderType: "MOC", tif: "DAY" }, []],
    [{ orderType: "OPG", tif: "GTC" }, ["OPG orders require tif='OPG' or tif='DAY'"]],
    [{ orderType: "OPG", tif: "OPG" }, []],
    [{ orderType: "MKT", tif: "OPG" }, []],
    [{ orderType: "LMT", limitPrice: 1, tif: "OPG" }, []],
    [{ orderType: "STP", stopPrice: 1, tif: "OPG" }, ["tif='OPG' is only valid for MKT, LMT and OPG orders"]],
    [
      { orderType: "MOC", tif: "OPG" },
      ["MOC orders require tif='DAY'", "tif='OPG' is only valid for MKT, LMT and OPG orders"],
    ],
    [{ orderType: "TRAIL", trailingAmount: 1, tif: "IOC" }, []],
    [{ ocaType: 2 }, ["ocaType requires ocaGroup"]],
    [{ ocaType: 2, ocaGroup: "g" }, []],
  ])("%j → %j", (input, expected) => {
    expect(rules(input)).toEqual(expected);
  });

  it("requires whole quantities for futures and options only", () => {
    expect(rules({ instrument: { symbol: "MES", securityType: "FUT" }, quantity: 1.5 })).toEqual([
      "Quantity must be a whole number for FUT contracts, got 1.5",
    ]);
    expect(
      rules({
        instrument: { symbol: "AAPL", securityType: "OPT", expiry: "2026-01-16", strike: 250, right: "C" },
        quantity: 0.5,
      }),
    ).toEqual(["Quantity must be a whole number for OPT contracts, got 0.5"]);
    expect(rules({ quantity: 0.5 })).toEqual([]);
  });

  it("orders messages: required prices, foreign fields, bracket direction, then tif, OCA and quantity", () => {
    expect(
      rules({
        orderType: "BRACKET",
        limitPrice: 195,
        takeProfitPrice: 190,
        stopLossPrice: 185,
        stopPrice: 1,
        ocaType: 1,
        tif: "OPG",
        instrument: { symbol: "ES", securityType: "FUT" },
        quantity: 1.5,
      }),
    ).toEqual([
      "BRACKET orders cannot have stopPrice",
      "For BUY bracket: take profit price must be greater than entry price",
      "tif='OPG' is only valid for MKT, LMT and OPG orders",
      "ocaType requires ocaGroup",
      "Quantity must be a whole number for FUT contracts, got 1.5",
    ]);
  });
});

describe("tif and the preview error", () => {
  it("accepts the five tifs case-sensitively and rejects others with a 400", () => {
    for (const tif of ["DAY", "GTC", "IOC", "FOK", "OPG"]) expect(checkTif(tif)).toBeNull();
    for (const tif of ["MOC", "day", "INVALID"]) {
      const err = checkTif(tif);
      expect(err?.status).toBe(400);
      expect(err?.code).toBe("VALIDATION_ERROR");
      expect(err?.message).toBe(`Invalid tif: '${tif}'. Valid values: DAY, GTC, IOC, FOK, OPG`);
    }
  });

  it("joins messages with '; ' and lists them in details", () => {
    const err = orderValidationError(["a", "b"]);
    expect(err.toEnvelope()).toEqual({
      error_code: "ORDER_VALIDATION_ERROR",
      message: "Order validation failed: a; b",
      details: { errors: ["a", "b"] },
    });
  });
});
