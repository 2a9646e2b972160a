// The instrument key of the quotes topic: one key per instrument however it is spelled, distinct keys for
// distinct instruments.
import { describe, expect, it } from "vitest";
import { SymbolSpec } from "../../domain/index.js";
import { instrumentKey } from "./quote-fanout.js";

const key = (input: Record<string, unknown>) => instrumentKey(SymbolSpec.parse(input));

describe("instrumentKey", () => {
  it("is the symbol and type, then the fields given, in a fixed order", () => {
    expect(key({ symbol: "aapl", securityType: "STK" })).toBe("AAPL:STK");
    expect(key({ symbol: "ES", securityType: "FUT", expiry: "2027-03" })).toBe("ES:FUT:expiry=202703");
    expect(key({ securityType: "OPT", right: "CALL", strike: 250, expiry: "20260116", symbol: "AAPL" })).toBe(
      "AAPL:OPT:expiry=20260116:strike=250:right=C",
    );
    expect(key({ symbol: "AAPL", securityType: "STK", exchange: null, currency: "usd" })).toBe("AAPL:STK:currency=USD");
  });

  it("tells instruments apart", () => {
    const keys = [
      key({ symbol: "AAPL", securityType: "STK" }),
      key({ symbol: "AAPL", securityType: "ETF" }),
      key({ symbol: "AAPL", securityType: "STK", exchange: "NASDAQ" }),
      key({ symbol: "AAPL", securityType: "OPT", expiry: "20260116", strike: 250, right: "P" }),
      key({ symbol: "AAPL", securityType: "OPT", expiry: "20260116", strike: 250, right: "C" }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
