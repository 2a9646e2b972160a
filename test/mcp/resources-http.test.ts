// MCP resources over Streamable HTTP on the gateway (MCP_SESSIONS > 0): the SDK's real client against a real
// listen(0) of the app. Reading every resource, a subscription notified after an order placed through REST, the
// session's lifetime (DELETE, idle expiry, the cap), stateless requests beside sessions, and the `read` scope.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { generateApiKey, writeApiKeysFile } from "../../src/config/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { B, post } from "../operations/orders/support/orders.js";
import { listen, type Structured } from "./support.js";

let gw: TestGateway | undefined;
let clients: Client[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const c of clients) await c.close();
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  clients = [];
  gw = dir = undefined;
});

const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

async function start(env: Record<string, string> = {}): Promise<string> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MCP_SESSIONS: "4", ...env } });
  return listen(gw);
}

async function connect(base: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "resources-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

async function readJson(client: Client, uri: string): Promise<Structured> {
  const { contents } = await client.readResource({ uri });
  expect(contents[0]).toMatchObject({ uri, mimeType: "application/json" });
  return JSON.parse((contents[0] as { text: string }).text);
}

/** Resolves with the next `notifications/resources/updated` for `uri`. */
function nextUpdate(client: Client, uri: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no update notification for ${uri}`)), timeoutMs);
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      if (n.params.uri !== uri) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

describe("MCP resources over HTTP sessions", () => {
  it("lists and reads every resource with the operations' answers", async () => {
    const { client } = await connect(await start());
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      "ibkr://account/pnl",
      "ibkr://account/positions",
      "ibkr://account/summary",
      "ibkr://orders/open",
      "ibkr://trading-status",
    ]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "ibkr://orders/{orderId}",
      "ibkr://quotes/{symbol}",
    ]);
    expect((await readJson(client, "ibkr://account/summary")).accountId).toBe("DU1234567");
    expect(Array.isArray((await readJson(client, "ibkr://account/positions")).positions)).toBe(true);
    expect((await readJson(client, "ibkr://account/pnl")).accountId).toBe("DU1234567");
    expect(await readJson(client, "ibkr://trading-status")).toMatchObject({ ordersEnabled: true });
    expect(await readJson(client, "ibkr://quotes/aapl")).toMatchObject({ symbol: "AAPL", bid: 99, ask: 101 });
    const placed = await post(gw!, "/orders", B({ orderType: "LMT", limitPrice: 50 }));
    const orderId = placed.body.orderId as string;
    const open = await readJson(client, "ibkr://orders/open");
    expect(open.count).toBe(1);
    expect(open.orders[0].orderId).toBe(orderId);
    expect(await readJson(client, `ibkr://orders/${orderId}`)).toMatchObject({ orderId, status: "SUBMITTED" });
    await expect(client.readResource({ uri: "ibkr://orders/999999" })).rejects.toThrow(/ORDER_NOT_FOUND/);
    await expect(client.readResource({ uri: "ibkr://nothing" })).rejects.toThrow(/Unknown resource/);
  });

  it("notifies a subscriber of orders/open and of the order after an order placed through REST", async () => {
    const { client } = await connect(await start());
    await client.subscribeResource({ uri: "ibkr://orders/open" });
    const updated = nextUpdate(client, "ibkr://orders/open");
    const placed = await post(gw!, "/orders", B({ orderType: "LMT", limitPrice: 50 }));
    expect(placed.status).toBe(200);
    await updated;
    const orderUri = `ibkr://orders/${placed.body.orderId as string}`;
    await client.subscribeResource({ uri: orderUri });
    const cancelled = nextUpdate(client, orderUri);
    await post(gw!, `/orders/${placed.body.orderId as string}/cancel`);
    await cancelled;
    expect((await readJson(client, orderUri)).status).toBe("CANCELLED");
    await client.unsubscribeResource({ uri: orderUri });
  });

  it("notifies trading-status after the kill switch and account resources after a fill", async () => {
    const { client } = await connect(await start());
    await client.subscribeResource({ uri: "ibkr://trading-status" });
    const status = nextUpdate(client, "ibkr://trading-status");
    expect((await post(gw!, "/admin/kill-switch", { active: true, reason: "resource test" })).status).toBe(200);
    await status;
    expect((await readJson(client, "ibkr://trading-status")).killSwitch).toMatchObject({ active: true });
    await post(gw!, "/admin/kill-switch", { active: false });
    await client.subscribeResource({ uri: "ibkr://account/positions" });
    const positions = nextUpdate(client, "ibkr://account/positions");
    await post(gw!, "/orders", B());
    await positions;
  });

  it("notifies a quote subscriber when the price changes, under the URI as subscribed", async () => {
    const { client } = await connect(await start());
    await client.subscribeResource({ uri: "ibkr://quotes/aapl" });
    const updated = nextUpdate(client, "ibkr://quotes/aapl");
    gw!.simulator!.control.setPrices({ symbol: "AAPL", bid: 98, ask: 102, last: 100 });
    await updated;
    expect(await readJson(client, "ibkr://quotes/AAPL")).toMatchObject({ bid: 98, ask: 102 });
  });

  it("keeps stateless requests working beside sessions, and ends a session on DELETE", async () => {
    const base = await start();
    const list = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, "MCP-Protocol-Version": "2025-06-18" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "resources/read",
        params: { uri: "ibkr://trading-status" },
      }),
    });
    expect(list.status).toBe(200);
    expect(list.headers.get("mcp-session-id")).toBeNull();
    const read = (await list.json()) as { result: { contents: { text: string }[] } };
    expect(JSON.parse(read.result.contents[0]!.text)).toMatchObject({ ordersEnabled: true });
    const { client, transport } = await connect(base);
    const id = transport.sessionId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.listTools()).tools).toHaveLength(11);
    const foreign = await fetch(`${base}/mcp`, {
      method: "GET",
      headers: { Accept: "text/event-stream", "Mcp-Session-Id": id!, Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    await client.subscribeResource({ uri: "ibkr://trading-status" });
    expect(gw!.services.events.subscriberCount).toBe(1);
    await transport.terminateSession();
    // The ended session no longer listens to the gateway's events.
    expect(gw!.services.events.subscriberCount).toBe(0);
    const after = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, "Mcp-Session-Id": id!, "MCP-Protocol-Version": "2025-06-18" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }),
    });
    expect(after.status).toBe(404);
    expect(((await after.json()) as { error: { message: string } }).error.message).toBe("Session not found");
    const get = await fetch(`${base}/mcp`, { method: "GET", headers: { Accept: "text/event-stream" } });
    expect(get.status).toBe(405);
  });

  it("ends an idle session and refuses new sessions beyond MCP_SESSIONS", async () => {
    const base = await start({ MCP_SESSIONS: "1", MCP_SESSION_IDLE_SEC: "1" });
    const init = () => fetch(`${base}/mcp`, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INIT) });
    const first = await init();
    const id = first.headers.get("mcp-session-id");
    expect(id).toBeTruthy();
    const full = await init();
    expect(full.status).toBe(503);
    expect(((await full.json()) as { error: { message: string } }).error.message).toMatch(/Too many MCP sessions/);
    // Idle for more than a second: the session is gone and its slot free again.
    const ping = () =>
      fetch(`${base}/mcp`, {
        method: "POST",
        headers: { ...MCP_HEADERS, "Mcp-Session-Id": id!, "MCP-Protocol-Version": "2025-06-18" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }),
      });
    let status = (await ping()).status;
    const deadline = Date.now() + 10_000;
    while (status !== 404 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      status = (await ping()).status;
    }
    expect(status).toBe(404);
    expect((await init()).status).toBe(200);
  });

  it("refuses reading and subscribing without the read scope, and hides a session from another key", async () => {
    dir = mkdtempSync(join(tmpdir(), "mcp-keys-"));
    const file = join(dir, "keys.json");
    const reader = generateApiKey();
    const trader = generateApiKey();
    writeApiKeysFile(file, [
      { name: "reader", scopes: ["read"], hash: reader.hash },
      { name: "trader", scopes: ["trade"], hash: trader.hash },
    ]);
    const base = await start({ API_KEYS_FILE: file });
    const { client } = await connect(base, { "X-API-Key": trader.key });
    await expect(client.readResource({ uri: "ibkr://orders/open" })).rejects.toThrow(
      /FORBIDDEN_SCOPE.*lacks the 'read' scope/,
    );
    await expect(client.subscribeResource({ uri: "ibkr://trading-status" })).rejects.toThrow(/FORBIDDEN_SCOPE/);
    const own = await connect(base, { "X-API-Key": reader.key });
    expect((await readJson(own.client, "ibkr://trading-status")).ordersEnabled).toBe(true);
    const stolen = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: {
        ...MCP_HEADERS,
        "X-API-Key": trader.key,
        "Mcp-Session-Id": own.transport.sessionId!,
        "MCP-Protocol-Version": "2025-06-18",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "resources/read", params: { uri: "ibkr://orders/open" } }),
    });
    expect(stolen.status).toBe(404);
  });
});
