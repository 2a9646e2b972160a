// A pending order's progress on GET /stream (real socket, real simulator): a reader key subscribed to `orders` sees
// approval.requested, then approval.decided, then the approved order's own order.status events, in seq order.
import { afterEach, describe, expect, it } from "vitest";
import { B } from "../operations/orders/support/orders.js";
import { durable, openStream, type StreamClient } from "../api/stream/support.js";
import { keyedGateway, type KeyedGateway } from "./support.js";

let k: KeyedGateway | undefined;
let client: StreamClient | undefined;
afterEach(async () => {
  await client?.close();
  await k?.close();
  client = k = undefined;
});

describe("the orders topic", () => {
  it("carries the approval's request and decision, then the order's statuses once it is sent", async () => {
    k = await keyedGateway();
    const http = await k.gw.app.listen({ host: "127.0.0.1", port: 0 });
    client = await openStream(`${http.replace(/^http/, "ws")}/stream`, { "x-api-key": k.keys["agent"]! });
    client.send({ op: "subscribe", topics: ["orders"] });
    await client.until((m) => m.some((e) => e.type === "subscribed"), "subscribed");

    const placed = await k.call("POST", "/orders", k.keys["agent"]!, B({ clientOrderId: "st-1" }));
    const approvalId: string = placed.body.approval.approvalId;
    await client.until((m) => m.some((e) => e.type === "approval.requested"), "approval.requested");
    await k.call("POST", `/approvals/${approvalId}/approve`, k.keys["ops"]!, {});
    const filled = (m: { type: string; data: { clientOrderId?: string; status?: string } }[]) =>
      m.some((e) => e.type === "order.status" && e.data.clientOrderId === "st-1" && e.data.status === "FILLED");
    await client.until(filled, "the approved order filled");

    const events = durable(client.messages).filter((e) => e.data.clientOrderId === "st-1");
    expect(events[0]).toMatchObject({
      topic: "orders",
      type: "approval.requested",
      data: { approvalId, requestedBy: "agent", symbol: "AAPL", side: "BUY", quantity: 1, orderType: "MKT" },
    });
    expect(events[1]).toMatchObject({
      type: "approval.decided",
      data: { approvalId, status: "APPROVED", decidedBy: "ops", reason: null },
    });
    expect(events.slice(2).every((e) => e.type === "order.status")).toBe(true);
    const seqs = events.map((e) => e.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
