// MCP resources in the built `ibkr-mcp` (spawned, the SDK's StdioClientTransport) against a running gateway: reading
// over REST, and subscription notifications fed by the gateway's GET /events, also after the gateway drops the event
// stream (resumed with Last-Event-ID). Also the event-stream client itself: no event lost or repeated across a drop.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { generateApiKey, writeApiKeysFile } from "../../src/config/index.js";
import { openGatewayEvents, type GatewayEnvelope, type GatewayEvents } from "../../src/mcp/gateway-events.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { ROOT } from "../support/spawn.js";
import { B, post } from "../operations/orders/support/orders.js";
import { listen } from "./support.js";

const BIN = `${ROOT}/dist/mcp/stdio.js`;
let gw: TestGateway | undefined;
let client: Client | undefined;
let events: GatewayEvents | undefined;
afterEach(async () => {
  events?.close();
  await client?.close();
  await gw?.close();
  client = gw = events = undefined;
});

const restingOrder = async () =>
  (await post(gw!, "/orders", B({ orderType: "LMT", limitPrice: 50 }))).body.orderId as string;

describe("ibkr-mcp resources", () => {
  it("reads resources over REST and notifies orders/open subscribers, also after the event stream dropped", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      cwd: ROOT,
      env: { IBKR_API_URL: await listen(gw), LOG_LEVEL: "DEBUG" },
      stderr: "pipe",
    });
    client = new Client({ name: "stdio-resources", version: "1.0.0" });
    await client.connect(transport);
    const status = await client.readResource({ uri: "ibkr://trading-status" });
    expect(JSON.parse((status.contents[0] as { text: string }).text)).toMatchObject({ ordersEnabled: true });
    let updates = 0;
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      if (n.params.uri === "ibkr://orders/open") updates += 1;
    });
    await client.subscribeResource({ uri: "ibkr://orders/open" });
    // The subscription opens GET /events; the order's event must come after it is connected.
    await until(() => gw!.services.events.subscriberCount > 0, "the event stream of ibkr-mcp");
    const first = await restingOrder();
    await until(() => updates >= 1, "the first update");
    const open = await client.readResource({ uri: "ibkr://orders/open" });
    expect(JSON.parse((open.contents[0] as { text: string }).text).orders[0].orderId).toBe(first);
    const before = updates;
    gw.app.server.closeAllConnections();
    await restingOrder();
    await until(() => updates > before, "an update after the drop");
  });

  it("notifies quote subscribers, reading the quote itself when the gateway does not stream quotes", async () => {
    gw = await startTestGateway();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      cwd: ROOT,
      env: { IBKR_API_URL: await listen(gw), LOG_LEVEL: "DEBUG" },
      stderr: "pipe",
    });
    client = new Client({ name: "stdio-quotes", version: "1.0.0" });
    await client.connect(transport);
    let updates = 0;
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      if (n.params.uri === "ibkr://quotes/AAPL") updates += 1;
    });
    await client.subscribeResource({ uri: "ibkr://quotes/AAPL" });
    // The gateway streams quotes: once its AAPL line has a quote, that current quote is on its way as the first
    // message, and the price change below comes after it as a change.
    const market = gw.services.broker.marketData;
    await until(
      () => market.streams().some((s) => s.symbol === "AAPL" && market.latestQuote(s.conId) !== null),
      "the gateway's AAPL quote line",
    );
    gw.simulator!.control.setPrices({ symbol: "AAPL", bid: 97, ask: 103, last: 100 });
    await until(() => updates >= 1, "a quote update");
    const read = await client.readResource({ uri: "ibkr://quotes/AAPL" });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ bid: 97, ask: 103 });
  });
});

describe("ibkr-mcp resources and scopes", () => {
  it("refuses reading and subscribing with a key without the read scope", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcp-keys-"));
    try {
      const trader = generateApiKey();
      writeApiKeysFile(join(dir, "keys.json"), [{ name: "trader", scopes: ["trade"], hash: trader.hash }]);
      gw = await startTestGateway({ env: { API_KEYS_FILE: join(dir, "keys.json") } });
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BIN],
        cwd: ROOT,
        env: { IBKR_API_URL: await listen(gw), API_KEY: trader.key },
        stderr: "pipe",
      });
      client = new Client({ name: "stdio-scopes", version: "1.0.0" });
      await client.connect(transport);
      await expect(client.readResource({ uri: "ibkr://account/summary" })).rejects.toThrow(
        /FORBIDDEN_SCOPE.*lacks the 'read' scope/,
      );
      await expect(client.subscribeResource({ uri: "ibkr://orders/open" })).rejects.toThrow(/FORBIDDEN_SCOPE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the gateway event-stream client", () => {
  it("resumes after a dropped connection with no event lost or repeated", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const received: GatewayEnvelope[] = [];
    const states: string[] = [];
    events = openGatewayEvents({
      apiUrl: await listen(gw),
      apiKey: null,
      topics: ["orders"],
      after: 0,
      onEvent: (e) => received.push(e),
      onStatus: (s) => states.push(s.state),
    });
    await until(() => states.includes("connected"), "the first connection");
    await restingOrder();
    await until(() => received.length >= 1, "the first order event");
    gw.app.server.closeAllConnections();
    await restingOrder();
    await restingOrder();
    const stored = (await gw.services.store.eventsAfter(0, ["orders"], 100)).map((e) => e.seq);
    await until(() => received.length >= stored.length, "every order event after the drop");
    const seqs = received.map((e) => e.seq);
    expect(seqs.slice(0, stored.length)).toEqual(stored);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(states.slice(0, 3)).toEqual(["connected", "disconnected", "connected"]);
    expect(events.lastSeq).toBe(seqs[seqs.length - 1]);
  });
});

/** Polls `check` on every turn of the event loop (it reads in-process state that changes without an event). */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
