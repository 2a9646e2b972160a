// Unit tests of version negotiation: the ranges real clients announce and the ones that must be refused.

import { describe, expect, it } from "vitest";
import { negotiateVersion } from "./versions.js";

describe("negotiateVersion", () => {
  it.each([
    [100, 193, undefined, 193],
    [100, 225, undefined, 193],
    [157, 178, undefined, 178],
    [100, 176, undefined, 176],
    [100, 177, undefined, 177],
    [100, 193, 178, 178],
    [100, 225, 500, 193],
  ])("client v%i..%i with cap %s gets %i", (min, max, cap, expected) => {
    expect(negotiateVersion(min, max, cap)).toBe(expected);
  });

  it.each([
    [100, 150],
    [100, 175],
    [194, 225],
  ])("client v%i..%i is refused", (min, max) => {
    expect(negotiateVersion(min, max)).toBeUndefined();
  });

  it("refuses a client whose minimum is above a lowered cap", () => {
    expect(negotiateVersion(180, 190, 178)).toBeUndefined();
  });
});
