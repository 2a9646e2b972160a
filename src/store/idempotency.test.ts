import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";

let dir: string;
let path: string;
const stores: AuditStore[] = [];

function open(): AuditStore {
  const store = openAuditStore(path, { now: () => new Date("2025-06-02T14:30:00.000Z") });
  stores.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "idempotency-"));
  path = join(dir, "audit.db");
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pending = { orderId: null, status: "ACCEPTED", orderIds: [], orderRoles: {} };

describe("idempotency keys", () => {
  it("records a key once; a second claim gets the recorded result", () => {
    const store = open();
    const first = store.putIdempotency("key-1", null, pending);
    expect(first).toEqual({
      inserted: true,
      record: {
        clientOrderId: "key-1",
        orderId: null,
        result: pending,
        createdAt: "2025-06-02T14:30:00.000Z",
        updatedAt: "2025-06-02T14:30:00.000Z",
      },
    });
    const second = open().putIdempotency("key-1", "other", { status: "REJECTED" });
    expect(second).toEqual({ inserted: false, record: first.record });
  });

  it("updates the recorded result and survives closing and reopening", () => {
    const store = open();
    store.putIdempotency("key-1", null, pending);
    expect(store.updateIdempotency("key-1", "555", { ...pending, orderId: "555" })).toBe(true);
    expect(store.updateIdempotency("unknown", "1", pending)).toBe(false);
    store.close();
    expect(open().getIdempotency("key-1")).toMatchObject({ orderId: "555", result: { orderId: "555" } });
    expect(open().getIdempotency("unknown")).toBeUndefined();
  });

  it("throws when the record cannot be written, so the order is not sent", () => {
    const store = open();
    store.close();
    expect(() => store.putIdempotency("key-2", null, pending)).toThrow();
    expect(() => open().putIdempotency("key-3", null, undefined)).toThrow();
  });
});
