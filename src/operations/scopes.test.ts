// Every operation of the catalog has a scope entry, so a new operation cannot slip past the scope check unnoticed.
import { describe, expect, it } from "vitest";
import * as operations from "./index.js";
import { OPERATION_SCOPES } from "./scopes.js";

const isOperation = (value: unknown): value is operations.Operation =>
  typeof value === "object" && value !== null && "run" in value && "name" in value && "input" in value;
const catalog = (Object.values(operations) as unknown[]).filter(isOperation);

describe("OPERATION_SCOPES", () => {
  it("names exactly the operations of the catalog", () => {
    expect(catalog.length).toBeGreaterThanOrEqual(15);
    expect(catalog.map((op) => op.name).sort()).toEqual(Object.keys(OPERATION_SCOPES).sort());
  });

  it("refuses a key without the scope and lets a key without limits through", () => {
    const key = { name: "k", scopes: ["read"] as const, limits: {} };
    expect(() =>
      operations.requireScope(operations.getQuote, { interface: "rest", correlationId: null, apiKey: key }),
    ).not.toThrow();
    expect(() =>
      operations.requireScope(operations.setKillSwitch, { interface: "rest", correlationId: null, apiKey: key }),
    ).toThrow("lacks the 'admin' scope");
  });

  it("lets a propose key place (its orders wait for approval) and keeps deciding approvals to admin keys", () => {
    const ctx = (scopes: readonly ("read" | "propose" | "admin" | "trade")[]) => ({
      interface: "rest" as const,
      correlationId: null,
      apiKey: { name: "k", scopes, limits: {} },
    });
    expect(() => operations.requireScope(operations.placeOrder, ctx(["propose"]))).not.toThrow();
    expect(() => operations.requireScope(operations.placeOrder, ctx(["read"]))).toThrow("lacks the 'trade' scope");
    for (const op of [operations.approveOrder, operations.rejectOrder, operations.listApprovals]) {
      expect(() => operations.requireScope(op, ctx(["propose", "trade", "read"]))).toThrow("lacks the 'admin' scope");
      expect(() => operations.requireScope(op, ctx(["admin"]))).not.toThrow();
    }
  });
});
