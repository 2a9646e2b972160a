// The Streamable HTTP flavour of the MCP server. A POST without a session is stateless: it gets a fresh server and
// transport, answers with JSON and is torn down. With MCP_SESSIONS > 0, initialize opens a session and requests
// naming one go to it (http-sessions.ts). Tools run the operations in-process.
// Framework-neutral: the REST app hands in the parsed request and writes back the answer it gets.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { GatewayServices, OperationContext } from "../operations/index.js";
import type { McpSessions } from "./http-sessions.js";
import { createOperationsBackend } from "./operations-backend.js";
import { createMcpServer } from "./server.js";

export interface McpHttpRequest {
  /** Request headers as Node reports them (lower-case names). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The JSON body, already parsed; undefined when there was none. */
  readonly body: unknown;
  readonly context: OperationContext;
}

export interface McpHttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Null for 202 (notifications only) and for a stream. */
  readonly body: string | null;
  /** The Server-Sent Events of a session's GET /mcp; the caller pipes it and cancels it when the client leaves. */
  readonly stream?: ReadableStream<Uint8Array>;
}

/** The headers the transport looks at; everything else (host, connection, ...) stays with the HTTP server. */
const FORWARDED_HEADERS = ["accept", "content-type", "mcp-protocol-version", "mcp-session-id", "last-event-id"];

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : value);

/** The Mcp-Session-Id a request names, if any. */
export function sessionIdOf(headers: McpHttpRequest["headers"]): string | undefined {
  const value = headerValue(headers["mcp-session-id"]);
  return value === undefined || value === "" ? undefined : value;
}

/** Serves a /mcp request of the session layer (see McpSessions.wants). */
export async function handleMcpSession(
  sessions: McpSessions,
  method: "GET" | "POST" | "DELETE",
  req: McpHttpRequest,
): Promise<McpHttpResponse> {
  const response = await sessions.handle({
    method,
    sessionId: sessionIdOf(req.headers),
    headers: forwardedHeaders(req),
    body: req.body,
    context: req.context,
  });
  const headers = Object.fromEntries(response.headers.entries());
  if (response.headers.get("content-type")?.startsWith("text/event-stream") && response.body !== null) {
    return { status: response.status, headers, body: null, stream: response.body };
  }
  const text = await response.text();
  return { status: response.status, headers, body: text === "" ? null : text };
}

function forwardedHeaders(req: McpHttpRequest): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = headerValue(req.headers[name]);
    if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Serves one stateless POST /mcp. Host, Origin and the API key were checked by the app's edge before this runs. */
export async function handleMcpPost(services: GatewayServices, req: McpHttpRequest): Promise<McpHttpResponse> {
  const server = createMcpServer({
    backend: createOperationsBackend(services, req.context),
    logger: services.logger.child("mcp"),
    onToolCall: (tool, status) => services.metrics.inc("mcp_tool_calls_total", { tool, status }),
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    const request = new Request("http://localhost/mcp", { method: "POST", headers: forwardedHeaders(req) });
    const response = await transport.handleRequest(request, { parsedBody: req.body });
    const body = response.status === 202 ? null : await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
  } finally {
    await server.close();
  }
}
