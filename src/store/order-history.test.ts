import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";
import type { OrderInput } from "./order-types.js";

let dir: string;
let store: AuditStore;
let clockMs = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "order-history-"));
  store = openAuditStore(join(dir, "audit.db"), { now: () => new Date((clockMs += 1000)) });
  clockMs = Date.parse("2025-06-02T14:30:00.000Z");
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function order(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    orderId: "1001",
    correlationId: "corr-1",
    accountId: "DU1234567",
    symbol: "AAPL",
    side: "BUY",
    quantity: 10,
    orderType: "LMT",
    status: "SUBMITTED",
    ibkrOrderId: 7,
    apiClientId: 1,
    clientOrderId: "key-1",
    previewData: { estimatedPrice: 190.5, estimatedNotional: 1905 },
    configSnapshot: { trading_mode: "paper", orders_enabled: true, mode: "simulation" },
    marketSnapshot: { bid: 190.4, ask: 190.5 },
    ...overrides,
  };
}

describe("order history", () => {
  it("stores an order and reads it back by every id", () => {
    const stored = store.upsertOrder(order({ permId: 555 }));
    expect(stored).toMatchObject({
      orderId: "1001",
      placedAt: "2025-06-02T14:30:01.000Z",
      updatedAt: "2025-06-02T14:30:01.000Z",
      previewData: { estimatedPrice: 190.5 },
      configSnapshot: { trading_mode: "paper" },
      fillData: null,
      parentOrderId: null,
    });
    expect(store.getOrder("1001")).toEqual(stored);
    expect(store.findOrderByIbkrOrderId(7)?.orderId).toBe("1001");
    expect(store.findOrderByIbkrOrderId(7, 2)).toBeUndefined();
    expect(store.findOrderByPermId(555)?.orderId).toBe("1001");
    expect(store.findOrdersByClientOrderId("key-1").map((o) => o.orderId)).toEqual(["1001"]);
    expect(store.getOrder("nope")).toBeUndefined();
  });

  it("a repeated upsert keeps placed_at and values the new write leaves out", () => {
    store.upsertOrder(order({ permId: 555 }));
    const again = store.upsertOrder(order({ status: "FILLED", permId: undefined, previewData: undefined }));
    expect(again).toMatchObject({ status: "FILLED", permId: 555, previewData: { estimatedPrice: 190.5 } });
    expect(again.placedAt).toBe("2025-06-02T14:30:01.000Z");
    expect(again.updatedAt).toBe("2025-06-02T14:30:02.000Z");
  });

  it("updates only the given columns", () => {
    store.upsertOrder(order());
    expect(store.updateOrder("1001", { status: "CANCELLED", brokerStatus: "Cancelled", permId: 9 })).toBe(true);
    expect(store.getOrder("1001")).toMatchObject({
      status: "CANCELLED",
      brokerStatus: "Cancelled",
      permId: 9,
      ibkrOrderId: 7,
      updatedAt: "2025-06-02T14:30:02.000Z",
    });
    expect(store.updateOrder("missing", { status: "FILLED" })).toBe(false);
  });

  it("accumulates fills, replacing a repeated execution id", () => {
    store.upsertOrder(order());
    store.addOrderFill("1001", { exec_id: "e1", time: "t1", quantity: 4, price: 100, commission: null });
    store.addOrderFill("1001", { exec_id: "e2", time: "t2", quantity: 6, price: 101, commission: 1 });
    const final = store.addOrderFill("1001", { exec_id: "e1", time: "t1", quantity: 4, price: 100, commission: 0.5 });
    expect(final).toEqual({
      fills: [
        { exec_id: "e2", time: "t2", quantity: 6, price: 101, commission: 1 },
        { exec_id: "e1", time: "t1", quantity: 4, price: 100, commission: 0.5 },
      ],
      filled_quantity: 10,
      avg_fill_price: 100.6,
    });
    expect(store.getOrder("1001")?.fillData).toEqual(final);
    expect(store.addOrderFill("missing", { exec_id: "x", time: "t", quantity: 1, price: 1, commission: null })).toBe(
      undefined,
    );
  });

  it("lists bracket legs by client order id, entry first", () => {
    store.upsertOrder(order({ orderId: "10", role: "entry" }));
    store.upsertOrder(order({ orderId: "11", role: "take_profit", parentOrderId: "10" }));
    store.upsertOrder(order({ orderId: "12", role: "stop_loss", parentOrderId: "10" }));
    expect(store.findOrdersByClientOrderId("key-1").map((o) => o.role)).toEqual(["entry", "take_profit", "stop_loss"]);
  });

  it("queries newest first with filters, paging and the total", () => {
    for (let n = 1; n <= 6; n++) {
      store.upsertOrder(
        order({ orderId: String(n), symbol: n % 2 ? "AAPL" : "MSFT", status: n > 4 ? "FILLED" : "SUBMITTED" }),
      );
    }
    expect(store.queryOrders().orders.map((o) => o.orderId)).toEqual(["6", "5", "4", "3", "2", "1"]);
    expect(store.queryOrders({ limit: 2, offset: 2 })).toMatchObject({ total: 6 });
    expect(store.queryOrders({ limit: 2, offset: 2 }).orders.map((o) => o.orderId)).toEqual(["4", "3"]);
    expect(store.queryOrders({ symbol: "AAPL", status: "SUBMITTED" }).orders.map((o) => o.orderId)).toEqual(["3", "1"]);
    const window = store.queryOrders({ start: "2025-06-02T14:30:02.000Z", end: "2025-06-02T14:30:04.000Z" });
    expect(window.orders.map((o) => o.orderId)).toEqual(["4", "3", "2"]);
    expect(store.queryOrders({ accountId: "other", correlationId: "corr-1" })).toEqual({ orders: [], total: 0 });
    expect(store.stats().orderRecords).toBe(6);
  });
});

describe("writes committed together", () => {
  it("makes a placement's rows visible to other connections only once all are written", () => {
    const other = openAuditStore(join(dir, "audit.db"));
    try {
      const seenInside = store.atomically(() => {
        store.upsertOrder(order());
        store.appendSafe({
          eventType: "AUTH_FAILURE",
          eventData: { method: "POST", path: "/orders", reason: "missing" },
        });
        return { order: other.getOrder("1001"), audit: other.stats().auditRecords };
      });
      expect(seenInside).toEqual({ order: undefined, audit: 0 });
      expect(other.getOrder("1001")).toMatchObject({ orderId: "1001", status: "SUBMITTED" });
      expect(other.stats().auditRecords).toBe(1);
      // The signed head is written after the committing turn; a verifier elsewhere sees it from then on.
      store.flushCheckpoint();
      expect(other.verifyChain()).toMatchObject({ ok: true });
    } finally {
      other.close();
    }
  });

  it("keeps the other writes when one of them fails", () => {
    store.atomically(() => {
      store.appendSafe({
        eventType: "AUTH_FAILURE",
        eventData: { method: "POST", path: "/orders", reason: "missing" },
      });
      expect(() => store.upsertOrder(order({ symbol: undefined as unknown as string }))).toThrow();
      store.upsertOrder(order({ orderId: "1002" }));
    });
    expect(store.getOrder("1001")).toBeUndefined();
    expect(store.getOrder("1002")).toMatchObject({ orderId: "1002" });
    expect(store.stats().auditRecords).toBe(1);
  });
});
