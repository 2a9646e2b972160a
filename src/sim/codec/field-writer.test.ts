// Unit tests of FieldWriter: one assertion per encoding rule of the protocol.

import { describe, expect, it } from "vitest";
import { frame } from "../../../test/sim/support/wire.js";
import { FieldWriter, formatNumber } from "./field-writer.js";

describe("FieldWriter", () => {
  it("writes the message id first and every encoding rule", () => {
    const w = new FieldWriter(4)
      .int(7)
      .int(undefined)
      .intOrUnset(undefined)
      .float(150.25)
      .float(undefined)
      .floatOrUnset(undefined)
      .float(Infinity)
      .decimal(0.5)
      .bool(true)
      .bool(false)
      .str("AAPL");
    expect(w.toFields()).toEqual([
      "4",
      "7",
      "",
      "2147483647",
      "150.25",
      "",
      "1.7976931348623157E308",
      "Infinity",
      "0.5",
      "1",
      "0",
      "AAPL",
    ]);
  });

  it("never writes a decimal point in an integer field", () => {
    expect(new FieldWriter().int(100.7).int(-3).toFields()).toEqual(["100", "-3"]);
  });

  it("escapes non-ASCII text as \\uXXXX", () => {
    expect(new FieldWriter().text("Société\n").toFields()).toEqual(["Soci\\u00e9t\\u00e9\\u000a"]);
  });

  it("frames the fields like the reference builder", () => {
    expect(new FieldWriter(49).int(1).int(1735828200).toFrame()).toEqual(frame(["49", "1", "1735828200"]));
  });
});

describe("formatNumber", () => {
  it.each([
    [0, "0"],
    [-1, "-1"],
    [0.1 + 0.2, "0.3"],
    [1e-7, "0.0000001"],
    [201.94, "201.94"],
    [6000.25, "6000.25"],
    [1234567.891, "1234567.891"],
  ])("%f → %s", (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});
