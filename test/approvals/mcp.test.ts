// Approvals through MCP with the real SDK client over /mcp on a listening gateway: a propose key's place_order answers
// PENDING_APPROVAL with how to approve it and nothing reaches the simulator until an admin approves over REST; no MCP
// tool approves or rejects, and even an admin key cannot reach the approval operations through /mcp.
import { afterEach, describe, expect, it } from "vitest";
import { sqliteOf } from "../support/sqlite.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { TOOLS } from "../../src/mcp/tools.js";
import { OPERATION_SCOPES } from "../../src/operations/index.js";
import { listen, toAnswer } from "../mcp/support.js";
import { simOrders, until } from "../operations/orders/support/orders.js";
import { keyedGateway, type KeyedGateway } from "./support.js";

let k: KeyedGateway | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await k?.close();
  k = undefined;
});

const ORDER = {
  instrument_symbol: "AAPL",
  instrument_security_type: "STK",
  side: "BUY",
  quantity: 1,
  order_type: "MKT",
  client_order_id: "mcp-agent-1",
};

async function connect(base: string, key: string): Promise<Client> {
  const client = new Client({ name: "approvals-test", version: "1.0.0" });
  clients.push(client);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { "X-API-Key": key } } }),
  );
  return client;
}

const APPROVAL_OPERATIONS = Object.entries(OPERATION_SCOPES)
  .filter(([, scope]) => scope === "admin")
  .map(([name]) => name);

describe("place_order through MCP with a propose key", () => {
  it("answers PENDING_APPROVAL with how to approve; the order reaches the simulator only after a REST approval", async () => {
    k = await keyedGateway();
    const base = await listen(k.gw);
    const agent = await connect(base, k.keys["agent"]!);
    const tool = async (name: string, args: Record<string, unknown>) =>
      toAnswer((await agent.callTool({ name, arguments: args })) as CallToolResult);
    const { client_order_id: _key, ...previewArgs } = ORDER;
    const preview = await tool("preview_order", previewArgs);
    const placed = await tool("place_order", { ...ORDER, confirmation_token: preview.data.confirmation_token });
    expect(placed.isError, placed.text).toBe(false);
    expect(placed.data).toMatchObject({ status: "PENDING_APPROVAL", clientOrderId: "mcp-agent-1", orderId: null });
    const { approvalId, howToApprove } = placed.data.approval;
    expect(howToApprove).toBe(
      `A person with an admin key approves it: ibkr-gateway approvals approve ${approvalId}, ` +
        `POST /approvals/${approvalId}/approve, or the dashboard at /ui.`,
    );
    expect(placed.text).toContain(howToApprove);
    expect(simOrders(k.gw)).toHaveLength(0);
    const waiting = await tool("get_order_status", { order_id: "mcp-agent-1" });
    expect(waiting.data).toMatchObject({ status: "PENDING_APPROVAL" });

    const approved = await k.call("POST", `/approvals/${approvalId}/approve`, k.keys["ops"]!, {});
    expect(approved.body.approval.status).toBe("APPROVED");
    expect(simOrders(k.gw)).toHaveLength(1);
    const gw = k.gw;
    await until(gw, () => sqliteOf(gw).getJournalEntry("mcp-agent-1")?.state === "FILLED", "fill");
    const filled = await tool("get_order_status", { order_id: "mcp-agent-1" });
    expect(filled.data).toMatchObject({ status: "FILLED", filledQuantity: 1 });
  });
});

describe("no MCP tool can decide an approval", () => {
  it("lists no approval tool, maps no tool to an approval operation, and refuses one by name even for an admin", async () => {
    expect(APPROVAL_OPERATIONS).toEqual(
      expect.arrayContaining(["list_approvals", "get_approval", "approve_order", "reject_order"]),
    );
    for (const tool of TOOLS) {
      expect(
        tool.operations.filter((op) => APPROVAL_OPERATIONS.includes(op)),
        tool.name,
      ).toEqual([]);
    }
    k = await keyedGateway();
    const base = await listen(k.gw);
    const placed = await k.call("POST", "/orders", k.keys["agent"]!, {
      instrument: { symbol: "AAPL", securityType: "STK" },
      side: "BUY",
      quantity: 1,
      orderType: "MKT",
    });
    const approvalId: string = placed.body.approval.approvalId;
    const admin = await connect(base, k.keys["ops"]!);
    const { tools } = await admin.listTools();
    expect(tools.length).toBeGreaterThan(5);
    expect(tools.map((t) => t.name).filter((name) => /approv|reject|decide/i.test(name))).toEqual([]);
    for (const name of ["approve_order", "reject_order", "list_approvals"]) {
      const refused = await admin.callTool({ name, arguments: { approval_id: approvalId } }).then(
        (r) => toAnswer(r as CallToolResult).isError,
        () => true,
      );
      expect(refused, name).toBe(true);
    }
    const still = await k.call("GET", `/approvals/${approvalId}`, k.keys["ops"]!);
    expect(still.body.status).toBe("PENDING");
    expect(simOrders(k.gw)).toHaveLength(0);
  });
});
