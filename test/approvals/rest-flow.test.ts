// Approvals over REST on the real gateway with the simulator behind it: a proposing key's order waits (202, nothing
// at the simulator) until an admin approves it (it then fills at the simulator) or rejects it; replays answer the
// approval and then its outcome; only admin keys reach the approval routes.
import { afterEach, describe, expect, it } from "vitest";
import { sqliteOf } from "../support/sqlite.js";
import { auditRows, B, simOrders, until } from "../operations/orders/support/orders.js";
import { keyedGateway, type KeyedGateway } from "./support.js";

let k: KeyedGateway | undefined;
afterEach(async () => {
  await k?.close();
  k = undefined;
});

describe("an order from a propose key", () => {
  it("waits for approval, then reaches the simulator and fills once an admin approves it", async () => {
    k = await keyedGateway();
    const { keys, gw } = k;
    const placed = await k.call("POST", "/orders", keys["agent"]!, B({ clientOrderId: "agent-1" }));
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({
      orderId: null,
      clientOrderId: "agent-1",
      status: "PENDING_APPROVAL",
      orderStatus: null,
      idempotentReplay: false,
    });
    const approvalId: string = placed.body.approval.approvalId;
    expect(approvalId).toMatch(/^apr_[A-Za-z0-9_-]{22}$/);
    expect(placed.body.approval.howToApprove).toContain(`ibkr-gateway approvals approve ${approvalId}`);
    expect(simOrders(gw)).toHaveLength(0);
    expect(sqliteOf(gw).getJournalEntry("agent-1")?.state).toBe("PENDING_APPROVAL");

    const replay = await k.call("POST", "/orders", keys["agent"]!, B({ clientOrderId: "agent-1" }));
    expect([replay.status, replay.body.status, replay.body.idempotentReplay]).toEqual([202, "PENDING_APPROVAL", true]);
    expect(replay.body.approval.approvalId).toBe(approvalId);
    const other = await k.call("POST", "/orders", keys["agent"]!, B({ clientOrderId: "agent-1", quantity: 2 }));
    expect([other.status, other.body.error_code]).toEqual([409, "IDEMPOTENCY_CONFLICT"]);

    const status = await k.call("GET", "/orders/agent-1/status", keys["agent"]!);
    expect(status.body).toMatchObject({ orderId: "agent-1", status: "PENDING_APPROVAL", filledQuantity: 0 });

    const listed = await k.call("GET", "/approvals?status=PENDING", keys["ops"]!);
    expect(listed.body.approvals).toHaveLength(1);
    expect(listed.body.approvals[0]).toMatchObject({
      approvalId,
      status: "PENDING",
      clientOrderId: "agent-1",
      requestedBy: "agent",
      decidedBy: null,
      order: { instrument: { symbol: "AAPL", exchange: "SMART", currency: "USD" }, accountId: "DU1234567" },
      preview: { exposure: { referencePrice: 101 }, confirmationToken: null },
    });

    const approved = await k.call("POST", `/approvals/${approvalId}/approve`, keys["ops"]!, {});
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ status: "APPROVED", decidedBy: "ops" });
    expect(approved.body.order).toMatchObject({ clientOrderId: "agent-1", status: "ACCEPTED" });
    expect(simOrders(gw)).toHaveLength(1);
    await until(gw, () => sqliteOf(gw).getJournalEntry("agent-1")?.state === "FILLED", "fill");

    const after = await k.call("POST", "/orders", keys["agent"]!, B({ clientOrderId: "agent-1" }));
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: "ACCEPTED", idempotentReplay: true, approval: { approvalId } });
    const again = await k.call("POST", `/approvals/${approvalId}/approve`, keys["ops"]!, {});
    expect([again.status, again.body.error_code, again.body.details.status]).toEqual([
      409,
      "APPROVAL_NOT_PENDING",
      "APPROVED",
    ]);
    expect(simOrders(gw)).toHaveLength(1);
    const granted = auditRows(gw, "APPROVAL_GRANTED");
    expect(granted).toHaveLength(1);
    expect(granted[0]?.eventData).toMatchObject({ approval_id: approvalId, decided_by: "ops", requested_by: "agent" });
    expect(granted[0]?.userContext).toMatchObject({ api_key_name: "ops" });
    expect(JSON.stringify(auditRows(gw, "APPROVAL_REQUESTED"))).not.toContain(keys["agent"]!);
    const events = sqliteOf(gw)
      .eventsAfter(0, ["orders"], 100)
      .map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(["approval.requested", "approval.decided"]));
  });
});
