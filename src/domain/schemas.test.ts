import { describe, expect, it } from "vitest";
import { OrderSpec, PlaceOrderRequest } from "./order-spec.js";
import { SymbolSpec } from "./instrument.js";
import { HistoricalBarsRequest } from "./market-models.js";
import { OrderResult } from "./order-models.js";
import { HealthResponse, maskAccount } from "./service-models.js";
import { canonicalJson, canonicalOrder, normalizeOrderSpec } from "./normalize.js";
import { splitUnknownFields } from "./strict-object.js";

const base = { instrument: { symbol: "aapl", securityType: "STK" }, side: "BUY", quantity: 1, orderType: "MKT" };

function issuePaths(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
) {
  const r = schema.safeParse(value);
  return r.success ? [] : (r.error?.issues ?? []).map((i) => i.path.join("."));
}

describe("SymbolSpec", () => {
  it("trims and upper-cases the symbol, normalises CALL/PUT and keeps other fields", () => {
    expect(
      SymbolSpec.parse({ symbol: " spy ", securityType: "OPT", expiry: "20260116", strike: 600, right: "PUT" }),
    ).toEqual({
      symbol: "SPY",
      securityType: "OPT",
      expiry: "20260116",
      strike: 600,
      right: "P",
    });
  });

  it("rejects unknown security types, bad rights, bad expiries, negative strikes and bad multipliers", () => {
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "INVALID" })).toEqual(["securityType"]);
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "stk" })).toEqual(["securityType"]);
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "OPT", right: "X" })).toEqual(["right"]);
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "OPT", expiry: "2026-13-01" })).toEqual(["expiry"]);
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "OPT", expiry: "2026-02-30" })).toEqual(["expiry"]);
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "STK", strike: -1 })).toEqual(["strike"]);
    expect(issuePaths(SymbolSpec, { symbol: "MES", securityType: "FUT", multiplier: "-5" })).toEqual(["multiplier"]);
    expect(issuePaths(SymbolSpec, { symbol: "", securityType: "STK" })).toEqual(["symbol"]);
    expect(issuePaths(SymbolSpec, { symbol: "X".repeat(33), securityType: "STK" })).toEqual(["symbol"]);
  });

  it("accepts month expiries only for futures", () => {
    expect(SymbolSpec.parse({ symbol: "MES", securityType: "FUT", expiry: "2026-03" }).expiry).toBe("2026-03");
    expect(SymbolSpec.parse({ symbol: "MES", securityType: "FUT", expiry: "202603" }).expiry).toBe("202603");
    expect(issuePaths(SymbolSpec, { symbol: "AAPL", securityType: "OPT", expiry: "2026-03" })).toEqual(["expiry"]);
    expect(
      issuePaths(HistoricalBarsRequest, {
        symbol: "AAPL",
        securityType: "STK",
        expiry: "202603",
        barSize: "1h",
        duration: "1d",
      }),
    ).toEqual(["expiry"]);
  });
});

describe("OrderSpec", () => {
  it("fills defaults", () => {
    const spec = OrderSpec.parse(base);
    expect(spec).toMatchObject({ tif: "DAY", outsideRth: false, transmit: true, bracketTransmit: true });
    expect(spec.instrument.symbol).toBe("AAPL");
  });

  it("refuses unknown fields, naming the field meant", () => {
    const parsed = OrderSpec.safeParse({ ...base, surprise: true, time_in_force: "GTC" });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue).toMatchObject({ code: "unrecognized_keys", keys: ["surprise", "time_in_force"] });
    const parts = splitUnknownFields(["surprise", "time_in_force"], issue?.message ?? "");
    expect(parts[0]?.message).toMatch(/^unknown field `surprise` \(known: accountId, instrument, side/);
    expect(parts[1]?.message).toBe("unknown field `time_in_force`; did you mean `tif`?");
  });

  it.each([
    [{ side: "buy" }, "side"],
    [{ quantity: 0 }, "quantity"],
    [{ quantity: -1 }, "quantity"],
    [{ orderType: "INVALID" }, "orderType"],
    [{ limitPrice: -10 }, "limitPrice"],
    [{ trailingPercent: 0 }, "trailingPercent"],
    [{ trailingPercent: 101 }, "trailingPercent"],
    [{ trailingAmount: 0 }, "trailingAmount"],
    [{ clientOrderId: "" }, "clientOrderId"],
    [{ clientOrderId: "x".repeat(65) }, "clientOrderId"],
    [{ clientOrderId: "tab\there" }, "clientOrderId"],
    [{ ocaType: 4 }, "ocaType"],
    [{ ocaGroup: "g".repeat(65) }, "ocaGroup"],
    [{ instrument: { symbol: "AAPL", securityType: "INVALID" } }, "instrument.securityType"],
  ])("rejects %j at %s", (patch, path) => {
    expect(issuePaths(OrderSpec, { ...base, ...patch })).toEqual([path]);
  });

  it("lets any tif string through the schema (its rule is a 400 elsewhere)", () => {
    expect(OrderSpec.parse({ ...base, tif: "MOC" }).tif).toBe("MOC");
  });

  it("adds an optional confirmation token for placement", () => {
    expect(PlaceOrderRequest.parse({ ...base, confirmationToken: "v1.1.x" }).confirmationToken).toBe("v1.1.x");
  });
});

describe("normalised spec and canonical form", () => {
  it("has every field, with null for absent optionals", () => {
    const n = normalizeOrderSpec(OrderSpec.parse({ ...base, clientOrderId: "c-1" }));
    expect(n).toEqual({
      accountId: null,
      instrument: {
        symbol: "AAPL",
        securityType: "STK",
        exchange: null,
        currency: null,
        expiry: null,
        strike: null,
        right: null,
        multiplier: null,
        conId: null,
      },
      side: "BUY",
      quantity: 1,
      orderType: "MKT",
      limitPrice: null,
      stopPrice: null,
      tif: "DAY",
      outsideRth: false,
      clientOrderId: "c-1",
      transmit: true,
      trailingAmount: null,
      trailingPercent: null,
      trailStopPrice: null,
      takeProfitPrice: null,
      stopLossPrice: null,
      stopLossLimitPrice: null,
      bracketTransmit: true,
      ocaGroup: null,
      ocaType: null,
    });
  });

  it("sorts keys recursively, omits nulls and ignores clientOrderId", () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: [2, { z: 1, y: null }] } })).toBe('{"a":{"c":[2,{"z":1}]},"b":1}');
    const a = normalizeOrderSpec(OrderSpec.parse({ ...base, clientOrderId: "one" }));
    const b = normalizeOrderSpec(OrderSpec.parse({ ...base, clientOrderId: "two" }));
    const c = normalizeOrderSpec(OrderSpec.parse({ ...base, quantity: 2 }));
    expect(canonicalOrder(a)).toBe(canonicalOrder(b));
    expect(canonicalOrder(a)).not.toBe(canonicalOrder(c));
    expect(canonicalOrder(a)).toBe(
      '{"bracketTransmit":true,"instrument":{"securityType":"STK","symbol":"AAPL"},"orderType":"MKT","outsideRth":false,"quantity":1,"side":"BUY","tif":"DAY","transmit":true}',
    );
  });
});

describe("output models", () => {
  it("round-trip a health body and an order result", () => {
    const health = {
      status: "ok",
      ibkr_connected: true,
      server_time: "2025-06-02T14:30:00.000Z",
      trading_mode: "paper",
      orders_enabled: false,
      version: "0.1.0",
      mode: "simulation",
      account: "DU****567",
      connection: { state: "ready", since: "2025-06-02T14:29:58.310Z", reconnects: 0, last_error: null },
      kill_switch: { active: false, reason: null, activated_at: null },
    };
    expect(HealthResponse.parse(health)).toEqual(health);
    const result = {
      orderId: null,
      clientOrderId: "c-1",
      status: "SIMULATED",
      orderStatus: null,
      errors: ["Order not placed: orders are disabled (ORDERS_ENABLED=false); nothing was sent to the simulator"],
      orderIds: [],
      orderRoles: {},
      rejectReason: null,
      riskViolations: [],
      idempotentReplay: false,
      fills: [],
      approval: null,
    };
    expect(OrderResult.parse(result)).toEqual(result);
    // A result recorded before answers carried fills (or approvals) reads as one without them.
    const { fills: _none, approval: _noApproval, ...older } = result;
    expect(OrderResult.parse(older)).toEqual(result);
    expect(OrderResult.safeParse({ ...result, status: "MAYBE" }).success).toBe(false);
  });

  it("masks account ids", () => {
    expect(maskAccount("DU1234567")).toBe("DU****567");
    expect(maskAccount("U12345")).toBe("U1*345");
    expect(maskAccount("U1234")).toBe("*****");
  });
});
