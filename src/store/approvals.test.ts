// The approvals table on a real SQLite file opened by two stores (as two gateway processes would): a decision is
// taken by exactly one writer, an expired approval cannot be approved, and the journal entry of an approved order
// moves from PENDING_APPROVAL to INTENDED once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore, type AuditStore } from "./audit-store.js";
import { SqliteStore } from "./sqlite-store.js";

let dir: string;
const stores: AuditStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "approvals-store-"));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): AuditStore {
  const store = openAuditStore(join(dir, "audit.db"));
  stores.push(store);
  return store;
}

function pending(store: AuditStore, id: string, expiresAt = "2099-01-01T00:00:00.000Z"): void {
  store.claimOrder({
    clientOrderId: `order-${id}`,
    orderHash: "h",
    canonicalOrder: "{}",
    accountId: "DU1",
    apiClientId: 1,
    source: "rest",
    owner: "test",
    correlationId: null,
    state: "PENDING_APPROVAL",
  });
  store.insertApproval({
    approvalId: id,
    clientOrderId: `order-${id}`,
    orderHash: "h",
    canonicalOrder: "{}",
    requestedBy: "agent",
    requester: { scopes: ["propose"], limits: {} },
    requestedAt: "2026-01-01T00:00:00.000Z",
    expiresAt,
    preview: null,
  });
}

describe("approvals in the store", () => {
  it("lets exactly one of two stores decide a pending approval, each having read it as PENDING", () => {
    const a = open();
    const b = open();
    pending(a, "apr_1");
    expect([a.getApproval("apr_1")?.status, b.getApproval("apr_1")?.status]).toEqual(["PENDING", "PENDING"]);
    const now = "2026-01-01T00:01:00.000Z";
    const first = a.decideApproval("apr_1", { status: "APPROVED", decidedBy: "ops", decidedAt: now }, "PENDING", now);
    const second = b.decideApproval(
      "apr_1",
      { status: "REJECTED", decidedBy: "other", decidedAt: now },
      "PENDING",
      now,
    );
    expect([first, second]).toEqual([true, false]);
    expect(b.getApproval("apr_1")).toMatchObject({ status: "APPROVED", decidedBy: "ops" });
    expect(b.startApprovedSend("order-apr_1", "b", null)).toBe(true);
    expect(a.startApprovedSend("order-apr_1", "a", null)).toBe(false);
    expect(a.getJournalEntry("order-apr_1")).toMatchObject({ state: "INTENDED", owner: "b" });
  });

  it("does not approve past the expiry, lists newest first and finds expired ones", () => {
    const store = open();
    pending(store, "apr_old", "2026-01-01T00:05:00.000Z");
    pending(store, "apr_new");
    const late = "2026-01-01T00:06:00.000Z";
    expect(store.decideApproval("apr_old", { status: "APPROVED" }, "PENDING", late)).toBe(false);
    expect(store.expiredApprovals(late).map((r) => r.approvalId)).toEqual(["apr_old"]);
    expect(store.listApprovals("PENDING", 10).map((r) => r.approvalId)).toEqual(["apr_new", "apr_old"]);
    expect(() => pending(store, "apr_old")).toThrow();
  });

  it("offers the same through the asynchronous store interface, inside a transaction too", async () => {
    const sync = open();
    pending(sync, "apr_async");
    const store = new SqliteStore(sync);
    const now = "2026-01-01T00:01:00.000Z";
    const won = await store.transaction(async () => {
      if (!(await store.decideApproval("apr_async", { status: "APPROVED" }, "PENDING", now))) return false;
      return store.startApprovedSend("order-apr_async", "me", null);
    });
    expect(won).toBe(true);
    expect(await store.decideApproval("apr_async", { status: "REJECTED" }, "PENDING", now)).toBe(false);
    expect(await store.approvalOfOrder("order-apr_async")).toMatchObject({
      approvalId: "apr_async",
      status: "APPROVED",
    });
    expect((await store.getJournalEntry("order-apr_async"))?.state).toBe("INTENDED");
  });
});
