// The built `ibkr-mcp` binary as an MCP client starts it: the SDK's StdioClientTransport against a
// running gateway, and raw sessions that check every line on stdout is a JSON-RPC message, also when the REST API
// is down or refuses the key. Needs `dist/` (npm test builds first).
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { ROOT } from "../support/spawn.js";
import { closedPortUrl, listen, toAnswer } from "./support.js";
import { sqliteOf } from "../support/sqlite.js";

const BIN = `${ROOT}/dist/mcp/stdio.js`;
let gw: TestGateway | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  client = gw = undefined;
});

const ORDER = {
  instrument_symbol: "AAPL",
  instrument_security_type: "STK",
  side: "BUY",
  quantity: 1,
  order_type: "MKT",
};

interface RawRun {
  stdoutLines: string[];
  stderr: string;
  /** The exit code, or the signal that ended the process. */
  code: number | NodeJS.Signals | null;
}

/** Initialises, calls one tool, waits for its answer, closes stdin and waits for the process to exit. */
function rawToolCall(env: Record<string, string>, name: string, args: Record<string, unknown>): Promise<RawRun> {
  const child = spawn(process.execPath, [BIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
  const messages = [
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name, arguments: args } },
  ];
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`ibkr-mcp did not answer: ${stdout} / ${stderr}`));
    }, 15_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('"id":2')) child.stdin.end();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdoutLines: stdout.split("\n").filter((l) => l !== ""), stderr, code: code ?? signal });
    });
    for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
  });
}

function expectOnlyJsonRpc(run: RawRun): Array<Record<string, unknown>> {
  const lines = run.stdoutLines;
  // On failure, say how the process ended and what it wrote to stderr.
  expect(lines.length, `exit ${String(run.code)}; stderr:\n${run.stderr}`).toBeGreaterThanOrEqual(2);
  return lines.map((line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    expect(message["jsonrpc"]).toBe("2.0");
    return message;
  });
}

function toolText(messages: Array<Record<string, unknown>>): string {
  const answer = messages.find((m) => m["id"] === 2) as { result: CallToolResult } | undefined;
  return toAnswer(answer!.result).text;
}

describe("ibkr-mcp over stdio", () => {
  it("serves list_tools, get_quote, preview_order and place_order against a running gateway", async () => {
    gw = await startTestGateway();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      cwd: ROOT,
      env: { IBKR_API_URL: await listen(gw), LOG_LEVEL: "DEBUG" },
      stderr: "pipe",
    });
    client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown>) =>
      toAnswer((await client!.callTool({ name, arguments: args })) as CallToolResult);
    expect((await client.listTools()).tools).toHaveLength(11);
    expect((await call("get_quote", { symbol: "AAPL", security_type: "STK" })).data).toMatchObject({
      bid: 99,
      ask: 101,
    });
    const preview = await call("preview_order", ORDER);
    expect(preview.data.estimatedPrice).toBe(101);
    const placed = await call("place_order", { ...ORDER, confirmation_token: preview.data.confirmation_token });
    expect(placed.data.status).toBe("SIMULATED");
    const simulated = sqliteOf(gw).queryAudit({ eventType: "ORDER_SIMULATED", limit: 5 }).records;
    expect(simulated[0]?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes only JSON-RPC to stdout when the REST API is down (AC-61)", async () => {
    const run = await rawToolCall(
      { IBKR_API_URL: await closedPortUrl(), LOG_LEVEL: "DEBUG" },
      "get_trading_status",
      {},
    );
    const messages = expectOnlyJsonRpc(run);
    expect(toolText(messages)).toMatch(
      /^\[API_UNREACHABLE\] Gateway REST API unreachable at http:\/\/127\.0\.0\.1:\d+: /,
    );
    expect(run.stderr).toContain("Gateway REST call failed");
    expect(run.code).toBe(0);
  });

  it("writes only JSON-RPC to stdout when the REST API answers 401 (AC-61)", async () => {
    gw = await startTestGateway({ env: { API_KEY: "secret-key-0123456789" } });
    const env = { IBKR_API_URL: await listen(gw), LOG_LEVEL: "DEBUG", LOG_FORMAT: "text" };
    const run = await rawToolCall(env, "get_quote", { symbol: "AAPL", security_type: "STK" });
    const messages = expectOnlyJsonRpc(run);
    expect(toolText(messages)).toBe("[UNAUTHORIZED] Missing API key. Provide X-API-Key header.");
    expect(run.stderr).toContain("[INFO]");
  });
});
