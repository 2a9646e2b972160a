// The MCP server factory: the low-level SDK Server with the tool table (tools/list, tools/call) and the resources
// (server-resources.ts) over whatever backend performs gateway calls. It knows no transport: stdio and /mcp connect it.
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
import type { ChangeFeed } from "./resource-events.js";
import type { QuoteFeed } from "./rest-quotes.js";
import { installResources } from "./server-resources.js";
import { errorResult, successResult, toToolError } from "./tool-result.js";
import { TOOLS } from "./tools.js";

export const SERVER_NAME = "ibkr-gateway";

export const INSTRUCTIONS = [
  "Interactive Brokers gateway with safety rails.",
  "Read tools (quotes, historical bars, account status, P&L, orders, trading status, contracts) are safe: they never change anything.",
  "Orders take two steps: call preview_order, show the user the estimate and warnings, then call place_order with exactly the same parameters plus the confirmation_token the preview returned (valid 5 minutes, usable once).",
  "When the gateway runs with orders disabled, place_order returns status SIMULATED and nothing reaches the broker.",
  "Risk limits and the kill switch can reject orders; call get_trading_status to see them. The kill switch cannot be changed through MCP.",
  "Resources (ibkr://account/summary, ibkr://account/positions, ibkr://account/pnl, ibkr://orders/open, ibkr://orders/{orderId}, ibkr://quotes/{symbol}, ibkr://trading-status) answer the same JSON as the read tools; subscribe to them to be told when they change.",
].join(" ");

export interface McpServerOptions {
  backend: GatewayBackend;
  /** The backend of one request when it depends on the request's caller (HTTP sessions); default `backend`. */
  backendFor?: (extra: unknown) => GatewayBackend;
  /** Gateway events behind resource subscriptions; without it resources can be read but not subscribed to. */
  changes?: ChangeFeed;
  /** Quote changes for subscribed quote resources; without it they are read once a second. */
  quotes?: QuoteFeed;
  /** When a resource update notification goes out; default at once (see server-resources.ts). */
  deliverUpdate?: (uri: string, send: () => void) => void;
  logger: Logger;
  /** Called once per tools/call with its outcome (the HTTP transport counts mcp_tool_calls_total). */
  onToolCall?: (tool: string, status: "ok" | "error") => void;
}

const TOOL_BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server(
    { name: SERVER_NAME, version: VERSION },
    {
      capabilities: { tools: {}, resources: { subscribe: options.changes !== undefined } },
      instructions: INSTRUCTIONS,
    },
  );
  const backendFor = options.backendFor ?? (() => options.backend);
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map(({ name, description, inputSchema, annotations }) => ({
      name,
      description,
      inputSchema,
      annotations,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    callTool({ ...options, backend: backendFor(extra) }, request.params.name, request.params.arguments, extra.signal),
  );
  const stopResources = installResources(server, { backendFor, logger: options.logger, ...changesOf(options) });
  server.onclose = stopResources;
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

function changesOf(options: McpServerOptions): Pick<McpServerOptions, "changes" | "quotes" | "deliverUpdate"> {
  return {
    ...(options.changes === undefined ? {} : { changes: options.changes }),
    ...(options.quotes === undefined ? {} : { quotes: options.quotes }),
    ...(options.deliverUpdate === undefined ? {} : { deliverUpdate: options.deliverUpdate }),
  };
}

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
