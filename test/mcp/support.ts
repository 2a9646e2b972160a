// Helpers for the MCP tests: the SDK's real Client over an in-memory pair with our server, the gateway app on a real
// port, and plain node:http servers that record requests or answer with fixed (even non-JSON) responses.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createLogger } from "../../src/obs/index.js";
import { createRestBackend } from "../../src/mcp/rest-backend.js";
import { createMcpServer } from "../../src/mcp/server.js";
import type { TestGateway } from "../support/gateway.js";

/** A tool result as tests read it: structuredContent field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions, not types, describe these results
export type Structured = any;

/** A resting limit order (BUY 1 AAPL @ 50) as MCP order-tool arguments. */
export const RESTING_ORDER_ARGS = {
  instrument_symbol: "AAPL",
  instrument_security_type: "STK",
  side: "BUY",
  quantity: 1,
  order_type: "LMT",
  limit_price: 50,
};

export interface ToolAnswer {
  isError: boolean;
  text: string;
  data: Structured;
}

export interface McpSession {
  client: Client;
  /** Log lines the server wrote. */
  logs: string[];
  call(name: string, args?: Record<string, unknown>): Promise<ToolAnswer>;
  close(): Promise<void>;
}

export function toAnswer(result: CallToolResult): ToolAnswer {
  const first = result.content[0];
  return {
    isError: result.isError === true,
    text: first?.type === "text" ? first.text : "",
    data: result.structuredContent,
  };
}

/** Connects a real SDK Client to our server whose backend is the REST client of `ibkr-mcp`. */
export async function restSession(
  apiUrl: string,
  options: { apiKey?: string; requestTimeoutSec?: number } = {},
): Promise<McpSession> {
  const logs: string[] = [];
  const logger = createLogger({ level: "DEBUG", destination: { write: (line: string) => logs.push(line) } });
  const backend = createRestBackend({
    apiUrl,
    apiKey: options.apiKey ?? null,
    requestTimeoutSec: options.requestTimeoutSec ?? 30,
    logger,
  });
  const server = createMcpServer({ backend, logger });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    client,
    logs,
    call: async (name, args = {}) => toAnswer((await client.callTool({ name, arguments: args })) as CallToolResult),
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** The gateway app on a real loopback port; returns its base URL. */
export async function listen(gw: TestGateway): Promise<string> {
  return gw.app.listen({ port: 0, host: "127.0.0.1" });
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface StubServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A plain HTTP server that records every request and lets `respond` answer it (or never answer). */
export async function startStub(respond: (req: RecordedRequest, res: ServerResponse) => void): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const server: HttpServer = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(recorded);
      respond(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL on which nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const stub = await startStub(() => undefined);
  await stub.close();
  return stub.url;
}
