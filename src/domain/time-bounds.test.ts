import { describe, expect, it } from "vitest";
import { expandTimeBound } from "./time-bounds.js";

describe("expandTimeBound", () => {
  it("expands dates to the edges of the UTC day", () => {
    expect(expandTimeBound("2025-06-02", "start")).toBe("2025-06-02T00:00:00.000Z");
    expect(expandTimeBound("2025-06-02", "end")).toBe("2025-06-02T23:59:59.999Z");
  });

  it("normalises ISO timestamps to UTC with milliseconds", () => {
    expect(expandTimeBound("2025-06-02T16:30:00+02:00", "start")).toBe("2025-06-02T14:30:00.000Z");
    expect(expandTimeBound("2025-06-02T14:30:01.123Z", "end")).toBe("2025-06-02T14:30:01.123Z");
  });

  it("rejects anything else", () => {
    for (const raw of ["yesterday", "2025-13-01", "2025-02-30", "1717338600", ""]) {
      expect(expandTimeBound(raw, "start")).toBeNull();
    }
  });
});
