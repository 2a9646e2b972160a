import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff.js";

describe("backoffDelayMs", () => {
  it("doubles from 1 s and caps at 30 s without jitter", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoffDelayMs(n, () => 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("adds at most 10 % jitter", () => {
    expect(backoffDelayMs(0, () => 0.999999)).toBe(1100);
    expect(backoffDelayMs(5, () => 0.5)).toBe(31_500);
  });
});
