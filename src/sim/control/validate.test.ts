// Unit tests of control-API body validation, shared by the HTTP and the programmatic API.

import { describe, expect, it } from "vitest";
import { checkAuction, checkFault, checkFill, checkPrices } from "./validate.js";

describe("control body validation", () => {
  it("accepts a price pin with any of bid/ask/last and refuses empty, negative or crossed ones; 0 means no market", () => {
    expect(checkPrices({ symbol: " aapl ", last: 5 })).toEqual({ ok: true, value: { symbol: "aapl", last: 5 } });
    expect(checkPrices({ symbol: "AAPL" })).toEqual({ ok: false, error: "at least one of bid, ask, last is required" });
    expect(checkPrices({ symbol: "AAPL", ask: -0.5 })).toEqual({
      ok: false,
      error: "ask must be a non-negative number",
    });
    expect(checkPrices({ symbol: "AAPL", bid: 0, ask: 0, last: 100 })).toEqual({
      ok: true,
      value: { symbol: "AAPL", bid: 0, ask: 0, last: 100 },
    });
    expect(checkPrices({ symbol: "AAPL", bid: 2, ask: 1 })).toEqual({ ok: false, error: "bid must not exceed ask" });
    expect(checkPrices([])).toEqual({ ok: false, error: "body must be a JSON object" });
  });

  it("requires a positive integer permId and a positive quantity for fills", () => {
    expect(checkFill({ permId: 1000001, quantity: 5 })).toEqual({ ok: true, value: { permId: 1000001, quantity: 5 } });
    expect(checkFill({ permId: 1.5, quantity: 5 }).ok).toBe(false);
    expect(checkFill({ permId: 1, quantity: -5 }).ok).toBe(false);
  });

  it("accepts only open and close auctions", () => {
    expect(checkAuction({ type: "open" })).toEqual({ ok: true, value: { type: "open" } });
    expect(checkAuction({ type: "midday" }).ok).toBe(false);
  });

  it("knows every fault kind and requires ms for delay-ms", () => {
    expect(checkFault({ kind: "connectivity-restored", dataLost: true })).toEqual({
      ok: true,
      value: { kind: "connectivity-restored", dataLost: true },
    });
    expect(checkFault({ kind: "delay-ms" })).toEqual({ ok: false, error: "ms must be a number >= 0" });
    expect(checkFault({ kind: "no-data", symbol: 3 }).ok).toBe(false);
    expect(checkFault({ kind: "asteroid" }).ok).toBe(false);
  });

  it("requires a farm-notice code of 2103–2158 and checks nightly-restart's seconds and nextValidId", () => {
    expect(checkFault({ kind: "farm-notice", code: 2105, farm: "euhmds" })).toEqual({
      ok: true,
      value: { kind: "farm-notice", code: 2105, farm: "euhmds" },
    });
    expect(checkFault({ kind: "farm-notice" })).toEqual({
      ok: false,
      error: "code must be one of 2103, 2104, 2105, 2106, 2157, 2158",
    });
    expect(checkFault({ kind: "nightly-restart", seconds: 5, nextValidId: 3 })).toEqual({
      ok: true,
      value: { kind: "nightly-restart", seconds: 5, nextValidId: 3 },
    });
    expect(checkFault({ kind: "nightly-restart", seconds: -1 })).toEqual({
      ok: false,
      error: "seconds must be a number >= 0",
    });
    expect(checkFault({ kind: "nightly-restart", nextValidId: 0 })).toEqual({
      ok: false,
      error: "nextValidId must be a positive integer",
    });
  });

  it("takes an optional positive integer code and a non-empty message for order-warning", () => {
    expect(checkFault({ kind: "order-warning", code: 399, message: "held" })).toEqual({
      ok: true,
      value: { kind: "order-warning", code: 399, message: "held" },
    });
    expect(checkFault({ kind: "order-warning" })).toEqual({ ok: true, value: { kind: "order-warning" } });
    expect(checkFault({ kind: "order-warning", code: "404" })).toEqual({
      ok: false,
      error: "code must be a positive integer",
    });
    expect(checkFault({ kind: "order-warning", message: " " })).toEqual({
      ok: false,
      error: "message must be a non-empty string",
    });
  });
});
