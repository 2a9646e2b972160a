// Unit tests of id normalisation: ids the library delivers as strings must still match their request.
import { describe, expect, it } from "vitest";
import { idOf, sameId } from "./request-id.js";

describe("request ids", () => {
  it("matches an id delivered as a number or as a string", () => {
    expect(sameId(1_000_001, 1_000_001)).toBe(true);
    expect(sameId("1000001", 1_000_001)).toBe(true);
    expect(sameId(" 1000001 ", 1_000_001)).toBe(true);
    expect(sameId("1000002", 1_000_001)).toBe(false);
  });

  it("never matches a missing, empty or non-integer id", () => {
    expect([idOf(undefined), idOf(""), idOf("abc"), idOf(1.5), idOf(null)].every(Number.isNaN)).toBe(true);
    expect(sameId("", 0)).toBe(false);
    expect(idOf("-1")).toBe(-1);
  });
});
