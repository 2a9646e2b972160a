// Unit tests of FieldReader: every spelling of unset, infinity and numbers the three clients send.

import { describe, expect, it } from "vitest";
import { FieldError, FieldReader } from "./field-reader.js";

const read = (...fields: string[]) => new FieldReader(fields);

describe("FieldReader", () => {
  it("reads empty fields as the unset values @stoqey/ib sends", () => {
    const r = read("", "", "", "", "", "", "");
    expect([r.int(), r.optInt(), r.float(), r.optFloat(), r.bool(), r.optBool(), r.decimal()]).toEqual([
      0,
      undefined,
      0,
      undefined,
      false,
      undefined,
      0,
    ]);
  });

  it("treats every spelling of the unset sentinels as unset", () => {
    const r = read("2147483647", "1.7976931348623157E308", "1.7976931348623157e+308", "1.8e308");
    expect([r.optInt(), r.optFloat(), r.optFloat(), r.optFloat()]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("reads Infinity in the spellings of IBKR, ib_async and Python", () => {
    const r = read("Infinity", "Infinite", "inf", "-Infinity");
    expect([r.float(), r.float(), r.float(), r.float()]).toEqual([Infinity, Infinity, Infinity, -Infinity]);
  });

  it("accepts exponents, trailing .0 and fractional quantities", () => {
    const r = read("1e-7", "150.0", "10.5", "100.0", "-1");
    expect([r.float(), r.float(), r.decimal(), r.int(), r.int()]).toEqual([1e-7, 150, 10.5, 100, -1]);
  });

  it("reads booleans as 0/1 and true/false", () => {
    const r = read("1", "0", "true", "false");
    expect([r.bool(), r.bool(), r.bool(), r.bool()]).toEqual([true, false, true, false]);
  });

  it("throws a FieldError for text where a number belongs and for a missing field", () => {
    expect(() => read("abc").int()).toThrow(FieldError);
    expect(() => read("1.5").int()).toThrow(/not an integer/);
    expect(() => read().str()).toThrow(/missing field #0/);
  });

  it("counts the fields not yet consumed", () => {
    const r = read("a", "b", "c");
    r.str();
    expect(r.remaining).toBe(2);
  });

  it("allUnset yields empty fields forever", () => {
    const r = FieldReader.allUnset();
    expect([r.str(), r.int(), r.optFloat(), r.remaining]).toEqual(["", 0, undefined, 0]);
  });
});
