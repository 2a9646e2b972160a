import { describe, expect, it } from "vitest";
import { SampleWindow, WINDOW_SIZE } from "./sample-window.js";

function windowOf(values: number[]): SampleWindow {
  const window = new SampleWindow();
  for (const value of values) window.add(value);
  return window;
}

describe("SampleWindow", () => {
  it("reports the interpolated percentiles of the contract for samples 1..100", () => {
    const shuffled = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    expect(windowOf(shuffled).summary()).toEqual({
      count: 100,
      sum: 5050,
      min: 1,
      max: 100,
      mean: 50.5,
      p50: 50.5,
      p90: 90.1,
      p95: 95.05,
      p99: 99.01,
    });
  });

  it("reports zeros when empty", () => {
    expect(new SampleWindow().summary()).toEqual({
      count: 0,
      sum: 0,
      min: 0,
      max: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
    });
  });

  it("reports the single value for one observation", () => {
    expect(windowOf([0.25]).summary()).toMatchObject({ count: 1, min: 0.25, p50: 0.25, p99: 0.25 });
  });

  it("keeps only the last 10,000 observations", () => {
    const window = windowOf(Array.from({ length: WINDOW_SIZE + 500 }, (_, i) => i));
    expect(window.summary()).toMatchObject({ count: WINDOW_SIZE, min: 500, max: WINDOW_SIZE + 499 });
  });

  it("removes binary floating-point noise from sums", () => {
    expect(windowOf([0.1, 0.2]).summary()).toMatchObject({ sum: 0.3, mean: 0.15 });
  });
});
