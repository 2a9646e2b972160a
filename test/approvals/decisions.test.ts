// Deciding approvals on the real gateway with the simulator behind it: rejecting, expiring, only admin keys deciding,
// and the send gate still in charge at approval time — the kill switch, the placing key's own limits at the price of
// the moment, one send for two concurrent approvals, and never an order other than the one that was approved.
import { createHash } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteOf } from "../support/sqlite.js";
import type { StoredEvent } from "../../src/store/index.js";
import { auditRows, B, simOrders } from "../operations/orders/support/orders.js";
import { CAST, keyedGateway, type KeyedGateway } from "./support.js";

let k: KeyedGateway | undefined;
afterEach(async () => {
  await k?.close();
  k = undefined;
});

/** Places `order` with the agent key and returns its approval id (the answer must be 202 PENDING_APPROVAL). */
async function propose(g: KeyedGateway, order: Record<string, unknown>): Promise<string> {
  const placed = await g.call("POST", "/orders", g.keys["agent"]!, order);
  expect([placed.status, placed.body.status]).toEqual([202, "PENDING_APPROVAL"]);
  return placed.body.approval.approvalId as string;
}

/** Resolves with the first stream event `match` accepts, appended from now on. */
function nextEvent(g: KeyedGateway, match: (e: StoredEvent) => boolean, timeoutMs = 5000): Promise<StoredEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error("event not seen in time"))), timeoutMs);
    const off = sqliteOf(g.gw).onEventAppended((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

describe("rejecting and expiring", () => {
  it("rejects: nothing is sent, replays and the status say so, and it cannot be decided again", async () => {
    k = await keyedGateway();
    const id = await propose(k, B({ clientOrderId: "r-1" }));
    const ops = k.keys["ops"]!;
    const rejected = await k.call("POST", `/approvals/${id}/reject`, ops, { reason: "not today" });
    expect(rejected.status).toBe(200);
    expect(rejected.body.approval).toMatchObject({ status: "REJECTED", decidedBy: "ops", reason: "not today" });
    expect(sqliteOf(k.gw).getJournalEntry("r-1")?.state).toBe("NOT_SENT");
    const replay = await k.call("POST", "/orders", k.keys["agent"]!, B({ clientOrderId: "r-1" }));
    expect(replay.body).toMatchObject({ status: "REJECTED", rejectReason: "APPROVAL", idempotentReplay: true });
    expect(replay.body.errors[0]).toBe(`Approval ${id} was rejected by ops: not today; nothing was sent`);
    const status = await k.call("GET", "/orders/r-1/status", k.keys["agent"]!);
    expect(status.body).toMatchObject({ orderId: "r-1", status: "REJECTED" });
    const again = await k.call("POST", `/approvals/${id}/approve`, ops, {});
    expect([again.status, again.body.error_code, again.body.details]).toEqual([
      409,
      "APPROVAL_NOT_PENDING",
      { approvalId: id, status: "REJECTED" },
    ]);
    const denied = auditRows(k.gw, "APPROVAL_DENIED");
    expect(denied.map((r) => r.eventData)).toEqual([expect.objectContaining({ approval_id: id, reason: "not today" })]);
    expect(simOrders(k.gw)).toHaveLength(0);
    const missing = await k.call("GET", "/approvals/apr_nope", ops);
    expect([missing.status, missing.body.error_code]).toEqual([404, "APPROVAL_NOT_FOUND"]);
  });

  it("expires an approval nobody decided: the sweeper ends it, and approving it then is APPROVAL_EXPIRED", async () => {
    k = await keyedGateway(CAST, { APPROVAL_TTL_SEC: "0.3" });
    const expired = nextEvent(k, (e) => e.type === "approval.decided" && e.data["status"] === "EXPIRED");
    const id = await propose(k, B({ clientOrderId: "x-1" }));
    expect((await expired).data).toMatchObject({ approvalId: id, clientOrderId: "x-1", decidedBy: null });
    expect(sqliteOf(k.gw).getJournalEntry("x-1")?.state).toBe("NOT_SENT");
    const rows = auditRows(k.gw, "APPROVAL_EXPIRED");
    expect(rows.map((r) => r.eventData)).toEqual([expect.objectContaining({ approval_id: id })]);
    const late = await k.call("POST", `/approvals/${id}/approve`, k.keys["ops"]!, {});
    expect([late.status, late.body.error_code]).toEqual([409, "APPROVAL_EXPIRED"]);
    const rejectLate = await k.call("POST", `/approvals/${id}/reject`, k.keys["ops"]!);
    expect([rejectLate.status, rejectLate.body.error_code]).toEqual([409, "APPROVAL_EXPIRED"]);
    const replay = await k.call("POST", "/orders", k.keys["agent"]!, B({ clientOrderId: "x-1" }));
    expect(replay.body).toMatchObject({ status: "REJECTED", rejectReason: "APPROVAL" });
    expect(simOrders(k.gw)).toHaveLength(0);
  });
});

describe("who may decide", () => {
  it("answers 403 FORBIDDEN_SCOPE naming admin to propose and trade keys on every approval route", async () => {
    k = await keyedGateway();
    const id = await propose(k, B());
    for (const name of ["agent", "trader"]) {
      const key = k.keys[name]!;
      for (const [method, url] of [
        ["GET", "/approvals"],
        ["GET", `/approvals/${id}`],
        ["POST", `/approvals/${id}/approve`],
        ["POST", `/approvals/${id}/reject`],
      ] as const) {
        const res = await k.call(method, url, key, method === "POST" ? {} : undefined);
        expect([res.status, res.body.error_code, res.body.details?.scope], `${name} ${method} ${url}`).toEqual([
          403,
          "FORBIDDEN_SCOPE",
          "admin",
        ]);
      }
    }
    expect((await k.call("GET", `/approvals/${id}`, k.keys["ops"]!)).body.status).toBe("PENDING");
    expect(simOrders(k.gw)).toHaveLength(0);
  });
});

describe("the send gate at approval time", () => {
  it("refuses the send while the kill switch is on: the approval FAILS and nothing reaches the simulator", async () => {
    k = await keyedGateway();
    const id = await propose(k, B({ clientOrderId: "ks-1" }));
    const ops = k.keys["ops"]!;
    expect((await k.call("POST", "/admin/kill-switch", ops, { active: true, reason: "halt" })).status).toBe(200);
    // No body at all is the same as `{}`.
    const approved = await k.call("POST", `/approvals/${id}/approve`, ops);
    expect(approved.status).toBe(200);
    expect(approved.body.order).toMatchObject({ status: "REJECTED", rejectReason: "KILL_SWITCH" });
    expect(approved.body.approval).toMatchObject({ status: "FAILED", decidedBy: "ops" });
    expect(approved.body.approval.reason).toContain("Kill switch is active: halt");
    const decided = sqliteOf(k.gw)
      .eventsAfter(0, ["orders"], 100)
      .filter((e) => e.type === "approval.decided")
      .map((e) => e.data);
    expect(decided).toEqual([
      expect.objectContaining({ status: "APPROVED", decidedBy: "ops" }),
      expect.objectContaining({ status: "FAILED", decidedBy: "ops" }),
    ]);
    expect(sqliteOf(k.gw).getJournalEntry("ks-1")?.state).toBe("NOT_SENT");
    expect(simOrders(k.gw)).toHaveLength(0);
  });

  it("sends nothing when orders were switched off before the approval (a restart with ORDERS_ENABLED=false)", async () => {
    k = await keyedGateway();
    const id = await propose(k, B({ clientOrderId: "off-1" }));
    await k.restart({ ORDERS_ENABLED: "false" });
    const approved = await k.call("POST", `/approvals/${id}/approve`, k.keys["ops"]!, {});
    expect(approved.status).toBe(200);
    expect(approved.body.order).toMatchObject({ status: "SIMULATED" });
    expect(approved.body.approval).toMatchObject({ status: "FAILED" });
    expect(approved.body.approval.reason).toContain("ORDERS_ENABLED=false");
    expect(sqliteOf(k.gw).getJournalEntry("off-1")?.state).toBe("NOT_SENT");
    expect(simOrders(k.gw)).toHaveLength(0);
  });

  it("applies the placing key's limits to the price at approval time", async () => {
    k = await keyedGateway([{ name: "agent", scopes: ["read", "propose"], maxOrderNotional: 150 }, CAST[2]!]);
    const id = await propose(k, B({ clientOrderId: "lim-1" }));
    k.gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 199, ask: 201, last: 200 });
    const approved = await k.call("POST", `/approvals/${id}/approve`, k.keys["ops"]!, {});
    expect(approved.body.approval.status).toBe("FAILED");
    expect(approved.body.order.riskViolations).toEqual([
      expect.objectContaining({ rule: "KEY_MAX_ORDER_NOTIONAL", limit: 150, actual: 201 }),
    ]);
    expect(approved.body.order.errors[0]).toContain("of API key 'agent'");
    expect(simOrders(k.gw)).toHaveLength(0);
  });

  it("sends once when two admins approve at the same moment", async () => {
    k = await keyedGateway();
    const id = await propose(k, B({ clientOrderId: "race-1" }));
    const ops = k.keys["ops"]!;
    const answers = await Promise.all([1, 2, 3].map(() => k!.call("POST", `/approvals/${id}/approve`, ops, {})));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error_code)).toEqual([
      "APPROVAL_NOT_PENDING",
      "APPROVAL_NOT_PENDING",
    ]);
    expect(simOrders(k.gw)).toHaveLength(1);
    expect(auditRows(k.gw, "APPROVAL_GRANTED")).toHaveLength(1);
    expect(auditRows(k.gw, "ORDER_SUBMIT")).toHaveLength(1);
  });

  it("never sends an order other than the approved one: a changed stored order is refused", async () => {
    k = await keyedGateway();
    const id = await propose(k, B({ clientOrderId: "t-1" }));
    const db = new BetterSqlite3(sqliteOf(k.gw).path);
    try {
      const { canonical_order: canonical } = db
        .prepare("SELECT canonical_order FROM approvals WHERE approval_id = ?")
        .get(id) as { canonical_order: string };
      const bigger = canonical.replace('"quantity":1', '"quantity":500');
      expect(bigger).not.toBe(canonical);
      const hash = createHash("sha256").update(bigger).digest("hex");
      // The approval row alone, consistently with its own hash: the journal entry still names the first order.
      db.prepare("UPDATE approvals SET canonical_order = ?, order_hash = ? WHERE approval_id = ?").run(
        bigger,
        hash,
        id,
      );
    } finally {
      db.close();
    }
    const approved = await k.call("POST", `/approvals/${id}/approve`, k.keys["ops"]!, {});
    expect([approved.status, approved.body.error_code, approved.body.details]).toEqual([
      500,
      "ORDER_PLACEMENT_ERROR",
      { approvalId: id, orderSent: false },
    ]);
    const after = await k.call("GET", `/approvals/${id}`, k.keys["ops"]!);
    expect(after.body).toMatchObject({ status: "FAILED" });
    expect(sqliteOf(k.gw).getJournalEntry("t-1")?.state).toBe("NOT_SENT");
    expect(simOrders(k.gw)).toHaveLength(0);
  });

  it("refuses a journal entry changed under its approval too", async () => {
    k = await keyedGateway();
    const id = await propose(k, B({ clientOrderId: "t-2" }));
    const db = new BetterSqlite3(sqliteOf(k.gw).path);
    try {
      const row = db.prepare("SELECT canonical_order FROM order_journal WHERE client_order_id = 't-2'").get() as {
        canonical_order: string;
      };
      const sell = row.canonical_order.replace('"side":"BUY"', '"side":"SELL"');
      const hash = createHash("sha256").update(sell).digest("hex");
      db.prepare("UPDATE order_journal SET canonical_order = ?, order_hash = ? WHERE client_order_id = 't-2'").run(
        sell,
        hash,
      );
    } finally {
      db.close();
    }
    const approved = await k.call("POST", `/approvals/${id}/approve`, k.keys["ops"]!, {});
    expect([approved.status, approved.body.error_code]).toEqual([500, "ORDER_PLACEMENT_ERROR"]);
    expect(simOrders(k.gw)).toHaveLength(0);
  });
});
