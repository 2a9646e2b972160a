// The store contract: the same behaviour, call for call, from the SQLite file and from PostgreSQL. Claims, the
// journal's state rules, order history, the audit chain (and its tamper and truncation detection), the event
// sequence and transactions. PostgreSQL runs on a throwaway cluster (skipped, off CI, when none can be started).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditAppend, JournalClaim, Store } from "../../src/store/index.js";
import { POSTGRES_SKIP_REASON } from "../support/postgres.js";
import { postgresBackend, sqliteBackend, type Backend, type OpenedStore } from "./backends.js";

if (POSTGRES_SKIP_REASON !== undefined) console.warn(POSTGRES_SKIP_REASON);
const backends = POSTGRES_SKIP_REASON === undefined ? [sqliteBackend, postgresBackend] : [sqliteBackend];

const T0 = Date.parse("2026-03-02T14:30:00.000Z");

function claim(key: string, overrides: Partial<JournalClaim> = {}): JournalClaim {
  return {
    clientOrderId: key,
    orderHash: `hash-${key}`,
    canonicalOrder: JSON.stringify({ symbol: "AAPL", quantity: 1 }),
    accountId: "DU123",
    apiClientId: 7,
    source: "rest",
    owner: "host:1:abc",
    correlationId: `corr-${key}`,
    ...overrides,
  };
}

function authFailure(path: string): AuditAppend {
  return { eventType: "AUTH_FAILURE", eventData: { method: "GET", path, reason: "missing" } };
}

describe.each(backends)("store contract: $name", (backend: Backend) => {
  let opened: OpenedStore;
  let store: Store;
  let clockMs: number;
  const now = (): Date => new Date(clockMs);

  beforeAll(() => backend.setUp(), 60_000);
  afterAll(() => backend.tearDown());

  beforeEach(async () => {
    clockMs = T0;
    opened = await backend.open(now);
    store = opened.store;
  });

  afterEach(async () => {
    await opened.close();
  });

  it("claims a clientOrderId once; a NOT_SENT entry of the same order may be claimed again", async () => {
    const first = await store.claimOrder(claim("k1"));
    expect(first.claimed).toBe(true);
    expect(first.entry).toMatchObject({ clientOrderId: "k1", state: "INTENDED", brokerOrderIds: [], result: null });
    const second = await store.claimOrder(claim("k1", { owner: "other" }));
    expect(second).toEqual({ claimed: false, entry: first.entry });

    expect(await store.updateJournal("k1", { state: "NOT_SENT", note: "held back" })).toBe(true);
    expect((await store.claimOrder(claim("k1", { orderHash: "another order" }))).claimed).toBe(false);
    const again = await store.claimOrder(claim("k1", { owner: "retry", state: "SENT", brokerOrderIds: [41, 42] }));
    expect(again.claimed).toBe(true);
    expect(again.entry).toMatchObject({ state: "SENT", owner: "retry", brokerOrderIds: [41, 42], note: null });
  });

  it("moves journal entries only from the given states and lists them oldest first", async () => {
    await store.claimOrder(claim("a"));
    clockMs += 1000;
    await store.claimOrder(claim("b", { state: "SENT" }));
    clockMs += 1000;
    await store.claimOrder(claim("c"));

    expect(await store.updateJournal("a", { state: "SENT" }, ["INTENDED"])).toBe(true);
    expect(await store.updateJournal("a", { state: "ACKNOWLEDGED" }, ["INTENDED"])).toBe(false);
    const result = { status: "SUBMITTED", orderId: "ord_1" };
    expect(await store.updateJournal("a", { state: "ACKNOWLEDGED", orderId: "ord_1", result }, ["SENT"])).toBe(true);
    expect(await store.updateJournal("missing", { state: "SENT" })).toBe(false);

    const a = await store.getJournalEntry("a");
    expect(a).toMatchObject({ state: "ACKNOWLEDGED", orderId: "ord_1", result, createdAt: new Date(T0).toISOString() });
    expect(a?.updatedAt).toBe(new Date(T0 + 2000).toISOString());
    expect((await store.unsettledJournal()).map((e) => e.clientOrderId)).toEqual(["b", "c"]);
    expect((await store.journalInState(["ACKNOWLEDGED", "SENT"])).map((e) => e.clientOrderId)).toEqual(["a", "b"]);
    expect(await store.getJournalEntry("missing")).toBeUndefined();
  });

  it("records an execution id once", async () => {
    expect(await store.claimFill("exec-1", "ord_1")).toBe(true);
    expect(await store.claimFill("exec-1", "ord_2")).toBe(false);
    expect(await store.claimFill("exec-2", "ord_1")).toBe(true);
  });

  it("upserts, updates, fills and queries the order history", async () => {
    const base = { accountId: "DU123", symbol: "AAPL", side: "BUY", quantity: 10, orderType: "LMT" };
    const first = await store.upsertOrder({
      ...base,
      orderId: "ord_1",
      status: "SUBMITTED",
      ibkrOrderId: 5,
      apiClientId: 7,
      clientOrderId: "k1",
      previewData: { estimatedPrice: 101.5 },
      configSnapshot: { trading_mode: "paper", orders_enabled: true, mode: "simulate" },
    });
    expect(first).toMatchObject({ orderId: "ord_1", quantity: 10, ibkrOrderId: 5, permId: null, fillData: null });
    clockMs += 1000;
    // A later write without the nullable values keeps them.
    const again = await store.upsertOrder({ ...base, orderId: "ord_1", status: "FILLED", quantity: 10.5 });
    expect(again).toMatchObject({ status: "FILLED", quantity: 10.5, ibkrOrderId: 5, clientOrderId: "k1" });
    expect(again.previewData).toEqual({ estimatedPrice: 101.5 });
    expect(again.placedAt).toBe(new Date(T0).toISOString());
    await store.upsertOrder({ ...base, orderId: "ord_2", status: "SUBMITTED", symbol: "MSFT", ibkrOrderId: 5 });

    expect(await store.updateOrder("ord_1", { permId: 9001, brokerStatus: "Filled" })).toBe(true);
    expect(await store.updateOrder("nope", { status: "X" })).toBe(false);
    const fill = { exec_id: "e1", time: "t", quantity: 4, price: 100, commission: null };
    await store.addOrderFill("ord_1", fill);
    await store.addOrderFill("ord_1", { ...fill, exec_id: "e2", quantity: 6, price: 101 });
    const replaced = await store.addOrderFill("ord_1", { ...fill, commission: 1.25 });
    expect(replaced).toEqual({
      fills: [
        { ...fill, exec_id: "e2", quantity: 6, price: 101 },
        { ...fill, commission: 1.25 },
      ],
      filled_quantity: 10,
      avg_fill_price: 100.6,
    });
    expect(await store.addOrderFill("nope", fill)).toBeUndefined();

    expect((await store.findOrderByIbkrOrderId(5))?.orderId).toBe("ord_2");
    expect((await store.findOrderByIbkrOrderId(5, 7))?.orderId).toBe("ord_1");
    expect((await store.findOrderByPermId(9001))?.fillData?.filled_quantity).toBe(10);
    expect((await store.findOrdersByClientOrderId("k1")).map((o) => o.orderId)).toEqual(["ord_1"]);
    expect(await store.getOrder("nope")).toBeUndefined();

    const all = await store.queryOrders();
    expect(all.total).toBe(2);
    expect(all.orders.map((o) => o.orderId)).toEqual(["ord_2", "ord_1"]);
    const page = await store.queryOrders({ symbol: "AAPL", limit: 1 });
    expect(page.total).toBe(1);
    expect(page.orders[0]?.configSnapshot).toEqual({ trading_mode: "paper", orders_enabled: true, mode: "simulate" });
    expect((await store.queryOrders({ start: new Date(T0 + 500).toISOString() })).total).toBe(1);
  });

  it("appends, queries and verifies the audit chain", async () => {
    const submitted = await store.append({
      eventType: "ORDER_CANCEL_REQUESTED",
      eventData: { order_id: "ord_1", ibkr_order_id: 3 },
      correlationId: "c1",
      accountId: "DU123",
      userContext: { interface: "cli" },
    });
    expect(submitted).toMatchObject({ id: 1, prevHash: "0".repeat(64), timestamp: new Date(T0).toISOString() });
    clockMs += 1000;
    const second = await store.append(authFailure("/a"));
    expect(second.prevHash).toBe(submitted.hash);
    await store.append(authFailure("/b"));

    const page = await store.queryAudit({ eventType: "AUTH_FAILURE", limit: 1 });
    expect(page.total).toBe(2);
    expect(page.records.map((r) => r.eventData["path"])).toEqual(["/b"]);
    const byCorrelation = await store.queryAudit({ correlationId: "c1" });
    expect(byCorrelation.records[0]).toEqual(submitted);
    expect((await store.queryAudit({ end: new Date(T0).toISOString() })).total).toBe(1);
    expect(await store.verifyChain()).toEqual({ ok: true, count: 3 });
    expect(store.keyFingerprint("secret")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("detects an edited audit row", async () => {
    for (const path of ["/a", "/b", "/c"]) await store.append(authFailure(path));
    await opened.raw(
      `UPDATE audit_log SET event_data = '{"method":"GET","path":"/x","reason":"missing"}' WHERE id = 2`,
    );
    expect(await store.verifyChain()).toEqual({ ok: false, id: 2, reason: "hash mismatch" });
  });

  it("detects rows deleted from the tail", async () => {
    for (const path of ["/a", "/b", "/c"]) await store.append(authFailure(path));
    expect(await store.verifyChain()).toEqual({ ok: true, count: 3 });
    await opened.raw("DELETE FROM audit_log WHERE id = 3");
    const verdict = await store.verifyChain();
    expect(verdict).toMatchObject({ ok: false, id: 3 });
    expect(verdict.ok ? "" : verdict.reason).toMatch(/^rows deleted from the tail/);
  });

  it("numbers events without gaps, filters them, prunes after 24 h and never reuses a seq", async () => {
    expect(await store.latestEventSeq()).toBe(0);
    expect(await store.oldestEventSeq()).toBeNull();
    const heard: number[] = [];
    const off = store.onEventAppended(() => heard.push(1));
    await store.appendEvent({ topic: "orders", type: "order.status", data: { order_id: "ord_1" } });
    await store.appendEvent({ topic: "fills", type: "order.fill", data: { exec_id: "e1" } });
    await store.appendEvent({ topic: "orders", type: "order.status", data: { order_id: "ord_2" } });
    off();
    expect(heard.length).toBe(3);

    const all = await store.eventsAfter(0, undefined, 10);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(all[0]).toEqual({
      seq: 1,
      time: new Date(T0).toISOString(),
      topic: "orders",
      type: "order.status",
      data: { order_id: "ord_1" },
    });
    expect((await store.eventsAfter(1, ["orders"], 10)).map((e) => e.seq)).toEqual([3]);
    expect((await store.eventsAfter(0, undefined, 2)).map((e) => e.seq)).toEqual([1, 2]);

    clockMs += 25 * 60 * 60 * 1000;
    expect(await store.pruneEvents()).toBe(3);
    expect(await store.oldestEventSeq()).toBeNull();
    expect(await store.latestEventSeq()).toBe(3);
    expect((await store.appendEvent({ topic: "orders", type: "x", data: {} })).seq).toBe(4);
  });

  it("commits a transaction's writes together and rolls all of them back on an error", async () => {
    await store.transaction(async () => {
      await store.claimOrder(claim("t1"));
      await store.append(authFailure("/in"));
      await store.appendEvent({ topic: "orders", type: "x", data: {} });
    });
    expect((await store.getJournalEntry("t1"))?.state).toBe("INTENDED");

    const failure = store.transaction(async () => {
      await store.claimOrder(claim("t2"));
      await store.append(authFailure("/rolled-back"));
      await store.transaction(() => store.appendEvent({ topic: "orders", type: "y", data: {} }));
      throw new Error("boom");
    });
    await expect(failure).rejects.toThrow("boom");
    expect(await store.getJournalEntry("t2")).toBeUndefined();
    expect((await store.queryAudit()).total).toBe(1);
    expect(await store.latestEventSeq()).toBe(1);
    expect((await store.appendEvent({ topic: "orders", type: "z", data: {} })).seq).toBe(2);
    expect(await store.verifyChain()).toEqual({ ok: true, count: 1 });
  });

  it("still serves a call that work started but left to run after its transaction ended", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let late: Promise<boolean> | undefined;
    await store.transaction(async () => {
      await store.claimOrder(claim("w1"));
      late = gate.then(() => store.claimFill("late-exec", "ord_1"));
    });
    open();
    expect(await late).toBe(true);
    expect(await store.claimFill("late-exec", "ord_1")).toBe(false);
    expect((await store.getJournalEntry("w1"))?.state).toBe("INTENDED");
  });

  it("undoes a failing appendSafe alone inside a transaction", async () => {
    const bad = { eventType: null, eventData: {} } as unknown as AuditAppend;
    const result = await store.transaction(async () => {
      await store.claimOrder(claim("s1"));
      const swallowed = await store.appendSafe(bad);
      const kept = await store.appendSafe(authFailure("/kept"));
      return { swallowed, kept };
    });
    expect(result.swallowed).toBeNull();
    expect(result.kept?.id).toBe(1);
    expect(store.appendFailures).toBe(1);
    expect((await store.getJournalEntry("s1"))?.clientOrderId).toBe("s1");
    expect(await store.verifyChain()).toEqual({ ok: true, count: 1 });
  });

  it("keeps approvals: one decision wins, expired ones cannot be approved, the entry leaves PENDING_APPROVAL once", async () => {
    const pending = async (id: string, expiresAt: string) => {
      await store.claimOrder(claim(`order-${id}`, { state: "PENDING_APPROVAL" }));
      await store.insertApproval({
        approvalId: id,
        clientOrderId: `order-${id}`,
        orderHash: `hash-order-${id}`,
        canonicalOrder: "{}",
        requestedBy: "agent",
        requester: { scopes: ["propose"], limits: {} },
        requestedAt: new Date(clockMs).toISOString(),
        expiresAt,
        preview: { estimatedPrice: 101 },
      });
    };
    await pending("apr_a", "2026-03-02T14:35:00.000Z");
    clockMs += 1000;
    await pending("apr_b", "2026-03-02T14:31:00.000Z");
    await expect(pending("apr_a", "2026-03-02T14:35:00.000Z")).rejects.toThrow();
    expect((await store.listApprovals("PENDING", 10)).map((a) => a.approvalId)).toEqual(["apr_b", "apr_a"]);
    expect(await store.approvalOfOrder("order-apr_a")).toMatchObject({
      approvalId: "apr_a",
      status: "PENDING",
      requester: { scopes: ["propose"] },
      preview: { estimatedPrice: 101 },
      decidedBy: null,
    });

    const at = "2026-03-02T14:32:00.000Z";
    const approved = { status: "APPROVED" as const, decidedBy: "ops", decidedAt: at };
    const results = await Promise.all([
      store.decideApproval("apr_a", approved, "PENDING", at),
      store.decideApproval("apr_a", { ...approved, status: "REJECTED" }, "PENDING", at),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.startApprovedSend("order-apr_a", "me", "c1")).toBe(true);
    expect(await store.startApprovedSend("order-apr_a", "me", "c1")).toBe(false);
    expect(await store.getJournalEntry("order-apr_a")).toMatchObject({ state: "INTENDED", owner: "me" });
    const result = { status: "ACCEPTED" };
    expect(await store.decideApproval("apr_a", { status: "APPROVED", result }, "APPROVED")).toBe(true);
    expect((await store.getApproval("apr_a"))?.result).toEqual(result);

    expect(await store.decideApproval("apr_b", approved, "PENDING", at)).toBe(false);
    expect((await store.expiredApprovals(at)).map((a) => a.approvalId)).toEqual(["apr_b"]);
    expect(await store.getApproval("apr_missing")).toBeUndefined();
  });

  it("reports its statistics", async () => {
    await store.append(authFailure("/a"));
    await store.upsertOrder({
      orderId: "ord_1",
      accountId: "DU1",
      symbol: "AAPL",
      side: "BUY",
      quantity: 1,
      orderType: "MKT",
      status: "SUBMITTED",
    });
    const stats = await store.stats();
    expect(stats).toMatchObject({ backend: backend.name, auditRecords: 1, orderRecords: 1, schemaVersion: 4 });
    expect(stats.sizeBytes).toBeGreaterThan(0);
    expect(stats.path).toBe(store.location);
    expect(store.schemaVersion).toBe(4);
  });
});
