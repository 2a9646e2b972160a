// The MCP server factory: the low-level SDK Server with the tool table, serving tools/list and
// tools/call over whatever backend performs gateway calls. It knows no transport: stdio and /mcp connect it.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { VERSION } from "../domain/index.js";
import type { Logger } from "../obs/index.js";
import type { GatewayBackend } from "./gateway-call.js";
import { errorResult, successResult, toToolError } from "./tool-result.js";
import { TOOLS } from "./tools.js";

export const SERVER_NAME = "ibkr-gateway";

export const INSTRUCTIONS = [
  "Interactive Brokers gateway with safety rails.",
  "Read tools (quotes, historical bars, account status, P&L, orders, trading status, contracts) are safe: they never change anything.",
  "Orders take two steps: call preview_order, show the user the estimate and warnings, then call place_order with exactly the same parameters plus the confirmation_token the preview returned (valid 5 minutes, usable once).",
  "When the gateway runs with orders disabled, place_order returns status SIMULATED and nothing reaches the broker.",
  "Risk limits and the kill switch can reject orders; call get_trading_status to see them. The kill switch cannot be changed through MCP.",
].join(" ");

export interface McpServerOptions {
  backend: GatewayBackend;
  logger: Logger;
  /** Called once per tools/call with its outcome (the HTTP transport counts mcp_tool_calls_total). */
  onToolCall?: (tool: string, status: "ok" | "error") => void;
}

const TOOL_BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server(
    { name: SERVER_NAME, version: VERSION },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map(({ name, description, inputSchema, annotations }) => ({
      name,
      description,
      inputSchema,
      annotations,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    callTool(options, request.params.name, request.params.arguments, extra.signal),
  );
  return server;
}

async function callTool(
  options: McpServerOptions,
  name: string,
  args: Record<string, unknown> | undefined,
  signal: AbortSignal,
): Promise<CallToolResult> {
  const tool = TOOL_BY_NAME.get(name);
  if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
  const started = performance.now();
  const { backend, logger } = options;
  try {
    const value = await tool.execute(args, (call) => backend.call(call, signal));
    options.onToolCall?.(name, "ok");
    logger.info("Tool call completed", { tool: name, status: "ok", elapsed_ms: elapsedMs(started) });
    return successResult(value);
  } catch (error) {
    const failure = toToolError(error);
    options.onToolCall?.(name, "error");
    const fields = { tool: name, status: "error", error_code: failure.code, elapsed_ms: elapsedMs(started) };
    if (failure.code === "INTERNAL_ERROR") logger.error("Tool call failed", { ...fields, error: failure.message });
    else logger.info("Tool call completed", fields);
    return errorResult(failure);
  }
}

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
