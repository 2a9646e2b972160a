// Named API keys (API_KEYS_FILE) on the real gateway: each scope allowed and refused on REST routes and /mcp tools,
// per-key limits at the send gate on top of the global ones, the key's name on audit rows and log lines, and a key
// made by the spawned `keys add` command working against the server.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { generateApiKey, writeApiKeysFile, type ApiKeyRecord } from "../../src/config/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { runBin } from "../support/spawn.js";
import { listen, toAnswer } from "../mcp/support.js";
import { auditRows, B, simOrders, type Body } from "../operations/orders/support/orders.js";
import { sqliteOf } from "../support/sqlite.js";

const API_KEY = "plain-api-key-0123456789";

let gw: TestGateway | undefined;
let client: Client | undefined;
let dir: string | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  client = gw = dir = undefined;
});

type KeySpec = Omit<ApiKeyRecord, "hash">;

/** Writes the keys file with the real writer and starts the gateway with it; returns each key by name. */
async function gatewayWithKeys(specs: KeySpec[], env: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), "keys-"));
  const file = join(dir, "keys.json");
  const keys: Record<string, string> = {};
  const records = specs.map((spec) => {
    const { key, hash } = generateApiKey();
    keys[spec.name] = key;
    return { ...spec, hash };
  });
  writeApiKeysFile(file, records);
  gw = await startTestGateway({ env: { API_KEYS_FILE: file, API_KEY, ORDERS_ENABLED: "true", ...env } });
  return keys;
}

async function call(
  method: "GET" | "POST",
  url: string,
  key: string | undefined,
  payload?: Record<string, unknown>,
): Promise<{ status: number; body: Body }> {
  const res = await gw!.app.inject({
    method,
    url,
    headers: { "content-type": "application/json", ...(key === undefined ? {} : { "x-api-key": key }) },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: res.statusCode, body: res.json() };
}

const QUOTE = { symbol: "AAPL", securityType: "STK" };

describe("scopes on REST routes", () => {
  it("lets each scope do its own routes and answers 403 FORBIDDEN_SCOPE naming the missing scope", async () => {
    const keys = await gatewayWithKeys([
      { name: "reader", scopes: ["read"] },
      { name: "trader", scopes: ["trade"] },
      { name: "agent", scopes: ["read", "propose"] },
      { name: "ops", scopes: ["admin"] },
    ]);
    const reader = keys["reader"]!;
    expect((await call("GET", "/account/positions", reader)).status).toBe(200);
    expect((await call("POST", "/market-data/quote", reader, QUOTE)).status).toBe(200);
    expect((await call("GET", "/orders/open", reader)).status).toBe(200);
    expect((await call("GET", "/trading-status", reader)).status).toBe(200);
    const order = await call("POST", "/orders", reader, B());
    expect(order).toEqual({
      status: 403,
      body: {
        error_code: "FORBIDDEN_SCOPE",
        message: "API key 'reader' lacks the 'trade' scope needed for place_order",
        details: { scope: "trade", key: "reader" },
      },
    });
    expect((await call("POST", "/orders/1/cancel", reader)).body.details.scope).toBe("trade");
    const kill = await call("POST", "/admin/kill-switch", reader, { active: true, reason: "test" });
    expect(kill.status).toBe(403);
    expect(kill.body.details.scope).toBe("admin");

    const trader = keys["trader"]!;
    const quote = await call("POST", "/market-data/quote", trader, QUOTE);
    expect([quote.status, quote.body.details?.scope]).toEqual([403, "read"]);
    expect((await call("POST", "/orders", trader, B())).body.status).toBe("ACCEPTED");

    // A propose key's order waits for approval (test/approvals covers the rest); nothing reaches the broker.
    const proposed = await call("POST", "/orders", keys["agent"], B({ clientOrderId: "agent-1" }));
    expect([proposed.status, proposed.body.status]).toEqual([202, "PENDING_APPROVAL"]);

    const ops = keys["ops"]!;
    expect((await call("GET", "/account/positions", ops)).body.details.scope).toBe("read");
    const tripped = await call("POST", "/admin/kill-switch", ops, { active: true, reason: "ops test" });
    expect([tripped.status, tripped.body.active]).toEqual([200, true]);
    expect(simOrders(gw!)).toHaveLength(1);
  });

  it("asks `read` of the event streams and their tickets", async () => {
    const keys = await gatewayWithKeys([
      { name: "trader", scopes: ["trade"] },
      { name: "reader", scopes: ["read"] },
    ]);
    const events = await call("GET", "/events", keys["trader"]);
    expect([events.status, events.body.message]).toEqual([
      403,
      "API key 'trader' lacks the 'read' scope needed for GET /events",
    ]);
    expect((await call("POST", "/stream/ticket", keys["trader"])).body.details.scope).toBe("read");
    expect((await call("GET", "/stream", keys["trader"])).status).toBe(403);
    const ticket = await call("POST", "/stream/ticket", keys["reader"]);
    expect([ticket.status, typeof ticket.body.ticket]).toEqual([200, "string"]);
  });

  it("keeps API_KEY working with every scope, and refuses unknown keys with 401", async () => {
    await gatewayWithKeys([{ name: "reader", scopes: ["read"] }]);
    expect((await call("POST", "/orders", API_KEY, B())).body.status).toBe("ACCEPTED");
    expect((await call("POST", "/admin/kill-switch", API_KEY, { active: false })).status).toBe(200);
    expect((await call("GET", "/account/positions", "ibk_not-a-key-at-all-000000")).status).toBe(401);
    expect((await call("GET", "/account/positions", undefined)).status).toBe(401);
    expect((await call("GET", "/health", undefined)).status).toBe(200);
  });

  it("still throttles failed authentications when named keys are configured", async () => {
    const keys = await gatewayWithKeys([{ name: "reader", scopes: ["read"] }], { AUTH_FAILURE_LIMIT: "2" });
    for (let i = 0; i < 2; i += 1) expect((await call("GET", "/orders/open", "wrong-key-000000000")).status).toBe(401);
    const throttled = await call("GET", "/orders/open", keys["reader"]);
    expect([throttled.status, throttled.body.error_code]).toEqual([429, "RATE_LIMITED"]);
  });
});

describe("scopes on /mcp tools", () => {
  afterEach(() => {
    base = undefined;
  });
  let base: string | undefined;
  async function mcp(key: string) {
    base ??= await listen(gw!);
    client = new Client({ name: "keys-test", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { "X-API-Key": key } },
    });
    await client.connect(transport);
    const c = client;
    return async (name: string, args: Record<string, unknown> = {}) =>
      toAnswer((await c.callTool({ name, arguments: args })) as CallToolResult);
  }
  const ORDER = {
    instrument_symbol: "AAPL",
    instrument_security_type: "STK",
    side: "BUY",
    quantity: 1,
    order_type: "MKT",
  };

  it("runs a read tool for a read key and refuses place_order naming `trade`; nothing reaches the simulator", async () => {
    const keys = await gatewayWithKeys([{ name: "watcher", scopes: ["read"] }]);
    const tool = await mcp(keys["watcher"]!);
    const quote = await tool("get_quote", { symbol: "AAPL", security_type: "STK" });
    expect(quote.data).toMatchObject({ symbol: "AAPL", bid: 99, ask: 101 });
    // The MCP tool wants a preview's token first (a read); placing it then needs `trade`.
    const preview = await tool("preview_order", ORDER);
    const placed = await tool("place_order", { ...ORDER, confirmation_token: preview.data.confirmation_token });
    expect(placed.isError).toBe(true);
    expect(placed.text).toContain("[FORBIDDEN_SCOPE] API key 'watcher' lacks the 'trade' scope needed for place_order");
    const cancel = await tool("cancel_order", { order_id: "1" });
    expect(cancel.text.startsWith("[FORBIDDEN_SCOPE]")).toBe(true);
    expect(simOrders(gw!)).toHaveLength(0);
  });

  it("places through /mcp with a trade key and refuses reads without `read`", async () => {
    const keys = await gatewayWithKeys([
      { name: "bot", scopes: ["trade"] },
      { name: "reader", scopes: ["read"] },
    ]);
    const reader = await mcp(keys["reader"]!);
    const preview = await reader("preview_order", ORDER);
    await client!.close();
    const tool = await mcp(keys["bot"]!);
    const pnl = await tool("get_pnl");
    expect(pnl.text).toContain("[FORBIDDEN_SCOPE] API key 'bot' lacks the 'read' scope needed for get_pnl");
    const placed = await tool("place_order", { ...ORDER, confirmation_token: preview.data.confirmation_token });
    expect(placed.data).toMatchObject({ status: "ACCEPTED" });
    expect(simOrders(gw!)).toHaveLength(1);
    const rows = auditRows(gw!, "ORDER_SUBMIT");
    expect(rows[0]?.userContext).toMatchObject({ interface: "mcp", api_key_name: "bot" });
  });
});

describe("per-key limits at the send gate", () => {
  it("holds every order of a trade key whose orders need approval", async () => {
    const keys = await gatewayWithKeys([{ name: "careful", scopes: ["read", "trade"], approval: "required" }]);
    const res = await call("POST", "/orders", keys["careful"], B());
    expect([res.status, res.body.status]).toEqual([202, "PENDING_APPROVAL"]);
    expect(res.body.approval.approvalId).toMatch(/^apr_/);
    expect(simOrders(gw!)).toHaveLength(0);
  });

  it("refuses an order over the key's own notional limit while the global limit allows it", async () => {
    const keys = await gatewayWithKeys([{ name: "small", scopes: ["read", "trade"], maxOrderNotional: 500 }], {
      MAX_ORDER_NOTIONAL: "100000",
    });
    const res = await call("POST", "/orders", keys["small"], B({ quantity: 10 }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "REJECTED", rejectReason: "RISK_LIMIT" });
    expect(res.body.riskViolations).toEqual([
      {
        rule: "KEY_MAX_ORDER_NOTIONAL",
        message: "Estimated notional $1,010.00 exceeds the maxOrderNotional $500.00 of API key 'small'",
        limit: 500,
        actual: 1010,
      },
    ]);
    expect(simOrders(gw!)).toHaveLength(0);
    const preview = await call("POST", "/orders/preview", keys["small"], B({ quantity: 10 }));
    expect(preview.body.riskCheck).toEqual({ passed: false, violations: res.body.riskViolations });
    const refused = auditRows(gw!, "RISK_REJECTED");
    expect(refused[0]?.userContext).toMatchObject({ interface: "rest", api_key_name: "small" });
    // The same order under API_KEY passes: only the key's limit refused it.
    expect((await call("POST", "/orders", API_KEY, B({ quantity: 10 }))).body.status).toBe("ACCEPTED");
    expect((await call("POST", "/orders", keys["small"], B({ quantity: 4 }))).body.status).toBe("ACCEPTED");
    expect(simOrders(gw!)).toHaveLength(2);
  });

  it("lets only maxOrdersPerMinute of a key's concurrent orders through, leaving other keys alone", async () => {
    const keys = await gatewayWithKeys([
      { name: "fast", scopes: ["trade"], maxOrdersPerMinute: 2 },
      { name: "other", scopes: ["trade"] },
    ]);
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => call("POST", "/orders", keys["fast"], B({ orderType: "LMT", limitPrice: 40 + i }))),
    );
    expect(results.map((r) => r.body.status).sort()).toEqual(["ACCEPTED", "ACCEPTED", "REJECTED", "REJECTED"]);
    const refused = results.find((r) => r.body.status === "REJECTED")!.body;
    expect(refused.riskViolations[0].rule).toBe("KEY_MAX_ORDERS_PER_MINUTE");
    expect(refused.errors[0]).toBe("Order rate limit of API key 'fast' reached: 2 orders in the last 60s (max 2)");
    expect((await call("POST", "/orders", keys["other"], B())).body.status).toBe("ACCEPTED");
    expect(simOrders(gw!)).toHaveLength(3);
  });

  it("enforces the key's symbol allowlist and its daily notional", async () => {
    const keys = await gatewayWithKeys([
      { name: "daily", scopes: ["trade"], symbolAllowlist: ["AAPL"], maxDailyNotional: 2500 },
    ]);
    const key = keys["daily"];
    const other = await call("POST", "/orders", key, B({ instrument: { symbol: "MSFT", securityType: "STK" } }));
    expect(other.body.riskViolations.map((v: { rule: string }) => v.rule)).toEqual(["KEY_SYMBOL_ALLOWLIST"]);
    expect((await call("POST", "/orders", key, B({ quantity: 10 }))).body.status).toBe("ACCEPTED");
    expect((await call("POST", "/orders", key, B({ quantity: 10 }))).body.status).toBe("ACCEPTED");
    const third = await call("POST", "/orders", key, B({ quantity: 10 }));
    expect(third.body.riskViolations).toEqual([
      expect.objectContaining({ rule: "KEY_MAX_DAILY_NOTIONAL", limit: 2500, actual: 3030 }),
    ]);
    expect(simOrders(gw!)).toHaveLength(2);
  });
});

describe("the key's name, never the key", () => {
  it("puts the name on audit rows and log lines and the key on neither", async () => {
    const keys = await gatewayWithKeys([{ name: "strategy-a", scopes: ["read", "trade"] }]);
    const key = keys["strategy-a"]!;
    expect((await call("POST", "/orders", key, B())).body.status).toBe("ACCEPTED");
    const submit = auditRows(gw!, "ORDER_SUBMIT")[0];
    expect(submit?.userContext).toMatchObject({ interface: "rest", api_key_name: "strategy-a" });
    expect(submit?.userContext?.api_key_fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const all = JSON.stringify(sqliteOf(gw!).queryAudit({ limit: 1000 }).records);
    expect(all).not.toContain(key);
    const completed = gw!.logs.map((l) => JSON.parse(l)).filter((l) => l.message === "Request completed");
    expect(completed.at(-1)).toMatchObject({ api_key_name: "strategy-a", status_code: 200 });
    expect(gw!.logs.join("\n")).not.toContain(key);
  });
});

describe("ibkr-gateway keys", () => {
  it("adds a key that the gateway then accepts, stored as a hash in a 0600 file", async () => {
    dir = mkdtempSync(join(tmpdir(), "keys-cli-"));
    const file = join(dir, "keys.json");
    const env = { API_KEYS_FILE: file };
    const added = await runBin("cli/main.js", ["keys", "add", "cli-bot", "--scopes", "read", "--symbols", "aapl"], {
      cwd: dir,
      env,
    });
    expect(added.code).toBe(0);
    const key = /Key \(shown once, store it now\): (\S+)/.exec(added.stdout)?.[1];
    expect(key).toMatch(/^ibk_/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain(key!);

    const listed = await runBin("cli/main.js", ["--json", "keys", "list"], { cwd: dir, env });
    expect(JSON.parse(listed.stdout)).toEqual([{ name: "cli-bot", scopes: ["read"], symbolAllowlist: ["AAPL"] }]);
    const usage = await runBin("cli/main.js", ["keys", "add", "x", "--scopes", "write"], { cwd: dir, env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown scope 'write'");
    const duplicate = await runBin("cli/main.js", ["keys", "add", "cli-bot", "--scopes", "read"], { cwd: dir, env });
    expect(duplicate.code).toBe(1);

    gw = await startTestGateway({ env: { API_KEYS_FILE: file } });
    expect((await call("GET", "/account/positions", key)).status).toBe(200);
    expect((await call("POST", "/orders", key, B())).body.details.scope).toBe("trade");

    const removed = await runBin("cli/main.js", ["keys", "remove", "cli-bot"], { cwd: dir, env });
    expect(removed.code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual([]);
  });
});
