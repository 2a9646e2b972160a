// No MCP tool can set or lift the kill switch: the tool table names no kill-switch
// operation, and every tool called with valid arguments through both transports (the stdio server's REST client
// and the gateway's in-process /mcp endpoint) leaves an active switch exactly as it was.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { TOOLS } from "../../src/mcp/tools.js";
import { get, post } from "../operations/orders/support/orders.js";
import { listen, restSession, toAnswer, type McpSession, type ToolAnswer, RESTING_ORDER_ARGS } from "../mcp/support.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { killSwitchRows, placeResting } from "./support.js";

let gw: TestGateway | undefined;
let session: McpSession | undefined;
let client: Client | undefined;
afterEach(async () => {
  await session?.close();
  await client?.close();
  await gw?.close();
  gw = session = client = undefined;
});

type Call = (name: string, args: Record<string, unknown>) => Promise<ToolAnswer>;

const AAPL = { symbol: "AAPL", security_type: "STK" };
const ORDER = RESTING_ORDER_ARGS;

/** Valid arguments for every tool; a tool missing here fails the test, so a new tool cannot slip past it. */
function argumentsFor(orderId: string, token: string): Record<string, Record<string, unknown>> {
  return {
    get_quote: AAPL,
    get_historical_data: { ...AAPL, bar_size: "1h", duration: "5d" },
    get_account_status: {},
    get_pnl: { timeframe: "1D" },
    preview_order: ORDER,
    place_order: { ...ORDER, confirmation_token: token },
    get_order_status: { order_id: orderId },
    cancel_order: { order_id: orderId },
    list_open_orders: {},
    get_trading_status: {},
    resolve_contract: AAPL,
  };
}

/** Activates the switch over REST after placing a resting order the tools can name. */
async function activeGateway(): Promise<{ orderId: string; state: unknown }> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
  const orderId = await placeResting(gw);
  const state = (await post(gw, "/admin/kill-switch", { active: true, reason: "agents off" })).body;
  return { orderId, state };
}

async function callEveryTool(call: Call, orderId: string): Promise<void> {
  const token = (await call("preview_order", ORDER)).data.confirmation_token as string;
  const args = argumentsFor(orderId, token);
  for (const tool of TOOLS) {
    const answer = await call(tool.name, args[tool.name] ?? {});
    expect(args[tool.name], tool.name).toBeDefined();
    expect(answer.isError, `${tool.name}: ${answer.text}`).toBe(false);
  }
}

async function expectUnchanged(state: unknown): Promise<void> {
  expect((await get(gw!, "/admin/kill-switch")).body).toEqual(state);
  expect(killSwitchRows(gw!)).toHaveLength(1);
  const requests = gw!.services.metrics.snapshot().counters["api_requests_total"] ?? {};
  const changes = Object.entries(requests).filter(([k]) => k.includes("/admin/kill-switch") && k.includes("POST"));
  // The test's own activation is the only change request that ever reached the admin route.
  expect(changes).toEqual([["endpoint=/admin/kill-switch,method=POST,status=200", 1]]);
}

describe("MCP and the kill switch", () => {
  it("has no tool that performs a kill-switch operation", () => {
    const operations = TOOLS.flatMap((t) => t.operations as readonly string[]);
    expect(operations).not.toContain("set_kill_switch");
    expect(operations).not.toContain("get_kill_switch");
    expect(TOOLS.map((t) => t.name).filter((n) => n.includes("kill"))).toEqual([]);
  });

  it("leaves an active switch untouched after every tool ran through the stdio server's REST client", async () => {
    const { orderId, state } = await activeGateway();
    session = await restSession(await listen(gw!));
    const placed = await session.call("place_order", {
      ...ORDER,
      confirmation_token: (await session.call("preview_order", ORDER)).data.confirmation_token,
    });
    expect(placed.data).toMatchObject({ status: "REJECTED", rejectReason: "KILL_SWITCH" });
    await callEveryTool(session.call, orderId);
    await expectUnchanged(state);
  });

  it("leaves an active switch untouched after every tool ran through the gateway's /mcp endpoint", async () => {
    const { orderId, state } = await activeGateway();
    const base = await listen(gw!);
    client = new Client({ name: "kill-switch-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    const c = client;
    const call: Call = async (name, args) => toAnswer((await c.callTool({ name, arguments: args })) as CallToolResult);
    await callEveryTool(call, orderId);
    await expectUnchanged(state);
  });
});
