// MCP over Streamable HTTP on the gateway: the SDK's real StreamableHTTPClientTransport against
// a real listen(0) of the app. Tools run the operations in-process; AC-60; auth, 405, Origin and metrics.
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { listen, toAnswer } from "./support.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  client = gw = undefined;
});

async function connect(env: Record<string, string> = {}, headers: Record<string, string> = {}) {
  gw = await startTestGateway({ env });
  const base = await listen(gw);
  client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));
  const c = client;
  return {
    base,
    call: async (name: string, args: Record<string, unknown> = {}) =>
      toAnswer((await c.callTool({ name, arguments: args })) as CallToolResult),
  };
}

const ORDER = {
  instrument_symbol: "AAPL",
  instrument_security_type: "STK",
  side: "BUY",
  quantity: 1,
  order_type: "MKT",
};
const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};
const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

describe("POST /mcp", () => {
  it("lists the same tools and runs reads in-process", async () => {
    const mcp = await connect();
    const { tools } = await client!.listTools();
    expect(tools).toHaveLength(11);
    const quote = await mcp.call("get_quote", { symbol: "AAPL", security_type: "STK" });
    expect(quote.data).toMatchObject({ symbol: "AAPL", bid: 99, ask: 101 });
    const status = await mcp.call("get_account_status");
    expect(status.data.summary.accountId).toBe("DU1234567");
    expect(status.data.positionCount).toBe(status.data.positions.length);
    const missing = await mcp.call("get_pnl", { account_id: "U0000000" });
    expect(missing.text).toBe("[ACCOUNT_NOT_FOUND] Account not found: U0000000");
  });

  it("requires the token, then answers SIMULATED with orders disabled (AC-60)", async () => {
    const mcp = await connect({}, { "X-Correlation-ID": "mcp-corr-1" });
    const refused = await mcp.call("place_order", ORDER);
    expect(refused.isError).toBe(true);
    expect(refused.text.startsWith("[CONFIRMATION_REQUIRED]")).toBe(true);
    const preview = await mcp.call("preview_order", ORDER);
    expect(preview.data.confirmation_token).toBe(preview.data.confirmationToken);
    const placed = await mcp.call("place_order", { ...ORDER, confirmation_token: preview.data.confirmation_token });
    expect(placed.data).toMatchObject({ status: "SIMULATED", orderId: null });
    const rows = sqliteOf(gw!).queryAudit({ eventType: "ORDER_SIMULATED", limit: 10 }).records;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ correlationId: "mcp-corr-1", userContext: { interface: "mcp" } });
    const calls = gw!.services.metrics.snapshot().counters["mcp_tool_calls_total"] ?? {};
    expect(calls["status=error,tool=place_order"]).toBe(1);
    expect(calls["status=ok,tool=place_order"]).toBe(1);
  });

  it("validates arguments like the stdio server and reports schema failures as the REST 422 would", async () => {
    const mcp = await connect();
    const bad = await mcp.call("get_quote", { symbol: "AAPL", security_type: "STK", expiry: "tomorrow" });
    expect(bad.data.code).toBe("VALIDATION_ERROR");
    expect(bad.data.message).toBe("Request validation failed: 1 issue(s)");
    expect(bad.data.details.issues[0]).toMatchObject({ location: "body", field: "expiry" });
    const noSide = await mcp.call("preview_order", { ...ORDER, side: undefined });
    expect(noSide.text).toMatch(/^\[VALIDATION_ERROR\] Parameter 'side' is required/);
  });

  it("speaks protocol revision 2025-06-18, statelessly, with JSON answers", async () => {
    gw = await startTestGateway({ env: { MCP_SESSIONS: "0" } });
    const base = await listen(gw);
    const res = await fetch(`${base}/mcp`, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("mcp-session-id")).toBeNull();
    expect(res.headers.get("x-correlation-id")).toBeTruthy();
    const body = (await res.json()) as { result: unknown };
    expect(body.result).toMatchObject({
      protocolVersion: "2025-06-18",
      serverInfo: { name: "ibkr-gateway", version: "0.1.0" },
    });
    const list = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, "MCP-Protocol-Version": "2025-06-18" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(((await list.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(11);
  });
});

describe("HTTP guards", () => {
  it("requires the API key when set: 401 envelope without a JSON-RPC body", async () => {
    gw = await startTestGateway({ env: { API_KEY: "secret-key-0123456789" } });
    const base = await listen(gw);
    const res = await fetch(`${base}/mcp`, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error_code: "UNAUTHORIZED",
      message: "Missing API key. Provide X-API-Key header.",
    });
    await gw.close();
    gw = undefined;
    const mcp = await connect({ API_KEY: "secret-key-0123456789" }, { "X-API-Key": "secret-key-0123456789" });
    expect((await mcp.call("get_trading_status")).data.ordersEnabled).toBe(false);
  });

  it.each([
    ["with sessions (the default), without a session id", {}, "POST, GET, DELETE"],
    ["with sessions off", { MCP_SESSIONS: "0" }, "POST"],
  ])("answers GET and DELETE with 405 METHOD_NOT_ALLOWED %s", async (_, env, allow) => {
    gw = await startTestGateway({ env });
    const base = await listen(gw);
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(`${base}/mcp`, { method, headers: { Accept: "text/event-stream" } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(await res.json()).toEqual({ error_code: "METHOD_NOT_ALLOWED", message: "Method not allowed" });
    }
  });

  it("refuses a foreign Origin with 403 and accepts loopback and its own host", async () => {
    gw = await startTestGateway();
    const base = await listen(gw);
    const post = (origin: string) =>
      fetch(`${base}/mcp`, { method: "POST", headers: { ...MCP_HEADERS, Origin: origin }, body: JSON.stringify(INIT) });
    const foreign = await post("https://evil.example");
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error_code: "FORBIDDEN", message: "Origin not allowed" });
    expect((await post("http://localhost:3000")).status).toBe(200);
    expect((await post(base)).status).toBe(200);
  });
});
