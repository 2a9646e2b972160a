// Instruments on the `watch quotes` command line.
import { describe, expect, it } from "vitest";
import { parseInstrument } from "./quotes.js";

describe("watch quotes instruments", () => {
  it("reads SYMBOL and SYMBOL:SECTYPE[:EXPIRY]", () => {
    expect(parseInstrument("aapl")).toEqual({ symbol: "AAPL" });
    expect(parseInstrument("ES:fut:202703")).toEqual({ symbol: "ES", securityType: "FUT", expiry: "202703" });
    expect(parseInstrument("BRK.B:STK")).toEqual({ symbol: "BRK.B", securityType: "STK" });
  });

  it("refuses what is not an instrument", () => {
    for (const bad of ["", "ES:FUTURE", "ES:FUT:2027-03", "A:STK:202703:x", "A;B"])
      expect(parseInstrument(bad)).toBeNull();
  });
});
