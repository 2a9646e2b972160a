// MCP sessions on /mcp (Streamable HTTP, when MCP_SESSIONS > 0): an initialize POST without Mcp-Session-Id opens a
// session — its own server and transport, kept until DELETE, idle expiry or shutdown — whose GET /mcp stream carries
// `notifications/resources/updated`. A session belongs to the key that opened it; another key gets 404 like an
// unknown id. Requests without a session id never reach this file: they stay stateless (http-endpoint.ts).
import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Logger } from "../obs/index.js";
import type { GatewayServices, OperationContext } from "../operations/index.js";
import { createOperationsBackend } from "./operations-backend.js";
import type { ChangeFeed } from "./resource-events.js";
import { createMcpServer } from "./server.js";

/** A /mcp request as the app hands it over: method, headers (lower-case names), parsed body, the caller. */
export interface McpSessionRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly sessionId: string | undefined;
  readonly headers: Headers;
  readonly body: unknown;
  readonly context: OperationContext;
}

interface Session {
  readonly server: Server;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  /** Fingerprint of the key that opened it (null without keys). */
  readonly owner: string | null;
  lastSeenAt: number;
  openStreams: number;
  /** Resources that changed while no GET stream was open; announced when one opens. */
  readonly pending: Set<string>;
}

/** The caller of one request, handed to the server in the transport's authInfo so tools run as that caller. */
interface CallerInfo {
  readonly context: OperationContext;
}

/** Notifications held for a session without an open GET stream, at most (one per resource). */
const MAX_PENDING = 256;

export class McpSessions {
  private readonly sessions = new Map<string, Session>();
  /** Initialize requests being served: they count against the cap before their session exists. */
  private opening = 0;
  private readonly sweep: NodeJS.Timeout;
  private readonly changes: ChangeFeed;
  private readonly logger: Logger;

  constructor(
    private readonly services: GatewayServices,
    private readonly limits: { maxSessions: number; idleSec: number },
  ) {
    this.logger = services.logger.child("mcp");
    const hub = services.events;
    this.changes = { watch: (listener) => hub.subscribe(listener) };
    this.sweep = setInterval(() => this.expire(), Math.min(limits.idleSec * 500, 30_000));
    this.sweep.unref();
  }

  /** Whether this request is for the session layer: it names a session, or it opens one. */
  static wants(sessionId: string | undefined, body: unknown): boolean {
    return sessionId !== undefined || isInitialize(body);
  }

  async handle(req: McpSessionRequest): Promise<Response> {
    this.expire();
    if (req.sessionId === undefined) return this.open(req);
    const session = this.sessions.get(req.sessionId);
    if (session === undefined || session.owner !== ownerOf(req.context))
      return jsonRpcError(404, -32001, "Session not found");
    session.lastSeenAt = this.services.clock.now();
    const response = await this.forward(session, req);
    return req.method === "GET" && response.body !== null ? this.tracked(session, response) : response;
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.server.close()));
  }

  private async open(req: McpSessionRequest): Promise<Response> {
    if (this.sessions.size + this.opening >= this.limits.maxSessions) {
      return jsonRpcError(
        503,
        -32000,
        `Too many MCP sessions (${this.limits.maxSessions}, MCP_SESSIONS); end one with DELETE /mcp or use stateless requests`,
      );
    }
    const { services } = this;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        this.sessions.set(id, session);
        this.logger.info("MCP session opened", { sessions: this.sessions.size });
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
        this.logger.info("MCP session ended", { reason: "DELETE", sessions: this.sessions.size });
      },
    });
    const server = createMcpServer({
      backend: createOperationsBackend(services, req.context),
      backendFor: (extra) => createOperationsBackend(services, callerOf(extra) ?? req.context),
      changes: this.changes,
      deliverUpdate: (uri, send) => {
        if (session.openStreams > 0) send();
        else if (session.pending.size < MAX_PENDING) session.pending.add(uri);
      },
      logger: this.logger,
      onToolCall: (tool, status) => services.metrics.inc("mcp_tool_calls_total", { tool, status }),
    });
    const session: Session = {
      server,
      transport,
      owner: ownerOf(req.context),
      lastSeenAt: services.clock.now(),
      openStreams: 0,
      pending: new Set(),
    };
    this.opening += 1;
    try {
      await server.connect(transport);
      const response = await this.forward(session, req);
      if (transport.sessionId === undefined) await server.close();
      return response;
    } finally {
      this.opening -= 1;
    }
  }

  private forward(session: Session, req: McpSessionRequest): Promise<Response> {
    const request = new Request("http://localhost/mcp", { method: req.method, headers: req.headers });
    const caller: CallerInfo = { context: req.context };
    return session.transport.handleRequest(request, {
      ...(req.method === "POST" ? { parsedBody: req.body } : {}),
      authInfo: { token: "", clientId: "", scopes: [], extra: { caller } },
    });
  }

  /** The GET stream, counted as activity while it is open. */
  private tracked(session: Session, response: Response): Response {
    const reader = response.body!.getReader();
    session.openStreams += 1;
    const pending = [...session.pending];
    session.pending.clear();
    for (const uri of pending) void session.server.sendResourceUpdated({ uri }).catch(() => undefined);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      session.openStreams -= 1;
      session.lastSeenAt = this.services.clock.now();
    };
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = await reader.read();
        if (chunk.done) {
          finish();
          controller.close();
        } else controller.enqueue(chunk.value);
      },
      cancel: async (reason) => {
        finish();
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  }

  /** Ends the sessions idle for longer than MCP_SESSION_IDLE_SEC (an open GET stream is not idle). */
  private expire(): void {
    const cutoff = this.services.clock.now() - this.limits.idleSec * 1000;
    for (const [id, session] of this.sessions) {
      if (session.openStreams > 0 || session.lastSeenAt > cutoff) continue;
      this.sessions.delete(id);
      this.logger.info("MCP session ended", { reason: "idle", sessions: this.sessions.size });
      void session.server.close();
    }
  }
}

function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (m) => typeof m === "object" && m !== null && (m as { method?: unknown }).method === "initialize",
  );
}

function ownerOf(context: OperationContext): string | null {
  return context.apiKeyFingerprint ?? null;
}

function callerOf(extra: unknown): OperationContext | undefined {
  const info = (extra as { authInfo?: { extra?: { caller?: CallerInfo } } } | undefined)?.authInfo;
  return info?.extra?.caller?.context;
}

function jsonRpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}
