import { describe, expect, it } from "vitest";
import { currentCorrelationId, resolveCorrelationId, runWithCorrelation } from "./correlation.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("correlation context", () => {
  it("is visible through awaits and timers inside the run, and gone outside", async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await runWithCorrelation("abc", async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentCorrelationId();
    });
    expect(seen).toBe("abc");
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("keeps concurrent runs apart", async () => {
    const ids = await Promise.all(
      ["a", "b"].map((id) =>
        runWithCorrelation(id, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return currentCorrelationId();
        }),
      ),
    );
    expect(ids).toEqual(["a", "b"]);
  });
});

describe("resolveCorrelationId", () => {
  it("uses 1 to 128 printable ASCII characters verbatim", () => {
    expect(resolveCorrelationId("my id ~!")).toEqual({ id: "my id ~!", replaced: false });
    expect(resolveCorrelationId("x".repeat(128))).toEqual({ id: "x".repeat(128), replaced: false });
  });

  it("gives a missing header a new UUID v4 without reporting a replacement", () => {
    const resolved = resolveCorrelationId(undefined);
    expect(resolved.replaced).toBe(false);
    expect(resolved.id).toMatch(UUID_V4);
  });

  it.each([
    ["", "empty"],
    ["x".repeat(129), "too long"],
    ["tab\there", "control"],
    ["café", "non-ASCII"],
  ])("replaces %j (%s) with a new id", (value) => {
    expect(resolveCorrelationId(value, () => "fresh")).toEqual({ id: "fresh", replaced: true });
  });

  it("replaces a repeated header", () => {
    expect(resolveCorrelationId(["a", "b"], () => "fresh")).toEqual({ id: "fresh", replaced: true });
  });
});
