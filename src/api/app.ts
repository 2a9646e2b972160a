// buildApp(deps): the Fastify application — routes over the operations catalog, one error envelope, the HTTP edge
// (Host/Origin checks, API-key auth, abuse bounds), correlation ids, request logs and metrics, OpenAPI 3.1 and
// interactive docs. It never listens; the caller (src/main.ts or a test) decides where.
import type { ServerResponse } from "node:http";
import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import websocket from "@fastify/websocket";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { GatewayError } from "../domain/index.js";
import { handleMcpPost, handleMcpSession, McpSessions, sessionIdOf, type McpHttpResponse } from "../mcp/index.js";
import { registerSecret, resolveCorrelationId, runWithCorrelation } from "../obs/index.js";
import { invoke, type CallerKey, type GatewayServices, type OperationContext } from "../operations/index.js";
import { isExemptPath } from "./auth.js";
import { createEdge, pathOf, type Edge } from "./edge.js";
import { toGatewayError } from "./errors.js";
import { installDocs, type DocumentedRoutes } from "./openapi.js";
import { redactUrl } from "./redact-url.js";
import { ROUTES, type RouteDef } from "./routes.js";
import { serverOptions } from "./server-limits.js";
import { addSessionRoute } from "./session-route.js";
import { addStreamRoutes } from "./stream-routes.js";
import { addUiRoutes, defaultUiDir } from "./ui-routes.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered on the app (method and URL), for route-wide checks such as auth coverage. */
    registeredRoutes: { method: string; url: string }[];
  }
  interface FastifyRequest {
    correlationId: string;
    startedAt: bigint;
    apiKeyFingerprint: string | undefined;
    /** The key the request authenticated with (its name and scopes), when keys are required. */
    apiKey: CallerKey | undefined;
  }
}

export interface AppDeps {
  services: GatewayServices;
  routes?: readonly RouteDef[];
  /** The built dashboard served at /ui (default: dist/ui, see ui-routes.ts). */
  uiDir?: string;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { services } = deps;
  registerSecret(services.config.apiKey ?? undefined);
  const app = fastify(serverOptions(services.config.http, BODY_LIMIT_BYTES));
  app.server.maxConnections = services.config.http.maxConnections;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const registered: { method: string; url: string }[] = [];
  app.decorate("registeredRoutes", registered);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url });
  });
  app.decorateRequest("correlationId", "");
  app.decorateRequest("startedAt", 0n);
  app.decorateRequest("apiKeyFingerprint", undefined);
  app.decorateRequest("apiKey", undefined);
  installJsonParser(app);
  // Before the edge's hooks: the plugin's own hooks mark upgrade requests, so a refused upgrade (401, 403) closes
  // its socket. Client messages on GET /stream are small JSON objects.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const edge = createEdge(app, services);
  app.addHook("onClose", async () => edge.close());
  installLifecycle(app, services, edge);
  const documented: DocumentedRoutes = new Map();
  await installDocs(app, documented);
  for (const route of deps.routes ?? ROUTES) {
    addOperationRoute(app, services, route);
    documented.set(`${route.method} ${route.path}`, {
      keyed: !isExemptPath(route.path, services.config.http.metricsRequireKey),
      needsBroker: route.operation.needsBroker,
      input: route.input,
    });
  }
  addMetricsRoutes(app, services);
  addMcpRoutes(app, services);
  addStreamRoutes(app, services);
  addSessionRoute(app, services.config.apiKey !== null || services.config.apiKeysFile !== null);
  addUiRoutes(app, deps.uiDir ?? defaultUiDir());
  // The streams' plain HTTP entries list their error answers like the operation routes.
  documented.set("GET /events", { keyed: true, needsBroker: false, input: "query" });
  documented.set("POST /stream/ticket", { keyed: true, needsBroker: false, input: "none" });
  documented.set("GET /session", { keyed: true, needsBroker: false, input: "none" });
  return app;
}

/**
 * JSON only (other content types are 415); empty bodies are allowed for bodiless POSTs. A number too large for a
 * double (1e309) parses to Infinity: that is a 422 here, before any arithmetic sees it (/mcp validates its own).
 */
function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return done(new GatewayError("BAD_REQUEST", `Malformed JSON body: ${(err as Error).message}`), undefined);
    }
    const field = pathOf(req) === "/mcp" ? null : nonFiniteField(value, "");
    if (field === null) return done(null, value);
    const issue = { location: "body", field, message: "must be a finite number" };
    const message = "Request validation failed: 1 issue(s)";
    done(new GatewayError("VALIDATION_ERROR", message, { details: { issues: [issue] } }), undefined);
  });
}

/** The dotted path of the first number that is not finite, or null. */
function nonFiniteField(value: unknown, path: string): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : path;
  if (value === null || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFiniteField(inner, path === "" ? key : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

function installLifecycle(app: FastifyInstance, services: GatewayServices, edge: Edge): void {
  const { logger, metrics, config } = services;
  const secrets = config.apiKey === null ? [] : [config.apiKey];
  // Two lines per request: their call sites are read once, not on every request.
  const requestStarted = logger.statement("INFO", "Request started");
  const requestCompleted = logger.statement("INFO", "Request completed");
  app.addHook("onRequest", async (req, reply) => {
    const { id, replaced } = resolveCorrelationId(req.headers["x-correlation-id"]);
    req.correlationId = id;
    req.startedAt = process.hrtime.bigint();
    reply.header("X-Correlation-ID", id);
    runWithCorrelation(id, () => {
      if (replaced) logger.warning("Invalid X-Correlation-ID replaced");
      requestStarted({ method: req.method, path: redactUrl(req.url, secrets), client_ip: req.ip });
    });
    edge.gate(req, reply);
  });
  // Everything from here to the handler runs inside the request's correlation context.
  app.addHook("preHandler", (req, _reply, done) => runWithCorrelation(req.correlationId, done, req.apiKey?.name));
  app.addHook("onResponse", async (req, reply) => {
    const seconds = Number(process.hrtime.bigint() - req.startedAt) / 1e9;
    const template = req.routeOptions.url;
    metrics.apiRequest(template ? toTemplate(template) : "unmatched", req.method, reply.statusCode, seconds);
    runWithCorrelation(
      req.correlationId,
      () =>
        requestCompleted({
          method: req.method,
          path: redactUrl(req.url, secrets),
          status_code: reply.statusCode,
          elapsed_ms: Math.round(seconds * 1e6) / 1e3,
        }),
      req.apiKey?.name,
    );
  });
  app.setErrorHandler((error, req, reply) => sendError(error, req, reply, services));
  app.setNotFoundHandler((req, reply) => {
    const err = new GatewayError("NOT_FOUND", `Route not found: ${req.method} ${pathOf(req)}`);
    return reply.status(404).send(err.toEnvelope());
  });
}

function sendError(error: unknown, req: FastifyRequest, reply: FastifyReply, services: GatewayServices) {
  const gw = toGatewayError(error);
  if (gw.code === "INTERNAL_ERROR" && !(error instanceof GatewayError)) {
    runWithCorrelation(req.correlationId, () =>
      services.logger.error("Request failed", {
        error: gw.message,
        error_type: error instanceof Error ? error.name : typeof error,
        elapsed_ms: Number(process.hrtime.bigint() - req.startedAt) / 1e6,
      }),
    );
  }
  return reply.status(gw.status).send(gw.toEnvelope());
}

function addOperationRoute(app: FastifyInstance, services: GatewayServices, route: RouteDef): void {
  const op = route.operation;
  const inputPart = route.input === "query" ? "querystring" : route.input;
  app.route({
    method: route.method,
    url: route.path,
    schema: {
      summary: op.summary,
      operationId: op.name,
      tags: route.tags,
      ...(route.input === "none" ? {} : { [inputPart]: route.body ?? op.input }),
      ...(route.params ? { params: route.params } : {}),
      response: { 200: op.output, ...(route.statusOf ? { 202: op.output } : {}) },
      ...(isExemptPath(route.path, services.config.http.metricsRequireKey) ? {} : { security: [{ apiKey: [] }] }),
    },
    handler: async (req, reply) => {
      const given = route.input === "none" ? {} : (req[route.input] ?? {});
      const input = route.params ? { ...(given as object), ...(req.params as object) } : given;
      const ctx: OperationContext = {
        interface: "rest",
        correlationId: req.correlationId,
        clientIp: req.ip,
        ...callerKey(req),
        signal: callerGone(reply.raw),
      };
      const timeoutSec = route.timeoutSec?.(services.config) ?? services.config.apiRequestTimeoutSec;
      const output = await invoke(op, services, input, ctx, { timeoutSec });
      if (route.statusOf) reply.status(route.statusOf(output));
      return output;
    },
  });
}

/** The key's fingerprint and name for the operation context (and so for every audit row). */
function callerKey(req: FastifyRequest): Pick<OperationContext, "apiKeyFingerprint" | "apiKey"> {
  return {
    ...(req.apiKeyFingerprint === undefined ? {} : { apiKeyFingerprint: req.apiKeyFingerprint }),
    ...(req.apiKey === undefined ? {} : { apiKey: req.apiKey }),
  };
}

/** Aborted when the client closes the connection before its answer was written: nothing is done on its behalf. */
function callerGone(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) controller.abort(new Error("The client closed the connection"));
  });
  return controller.signal;
}

function addMetricsRoutes(app: FastifyInstance, services: GatewayServices): void {
  const keyed = services.config.http.metricsRequireKey ? { security: [{ apiKey: [] }] } : {};
  const hide = { hide: false, tags: ["service"], ...keyed };
  app.get("/metrics", { schema: { ...hide, summary: "Metrics as JSON" } }, async () => services.metrics.snapshot());
  app.get(
    "/metrics/prometheus",
    { schema: { ...hide, summary: "Metrics in Prometheus text format" } },
    async (_req, reply) => {
      reply.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      return services.metrics.prometheus();
    },
  );
}

/**
 * MCP over Streamable HTTP; auth comes from the onRequest hook above. Stateless POST as always; with MCP_SESSIONS > 0
 * also sessions: initialize opens one, GET /mcp with its id is its notification stream, DELETE ends it.
 */
function addMcpRoutes(app: FastifyInstance, services: GatewayServices): void {
  const { mcpMaxSessions, mcpSessionIdleSec } = services.config;
  const sessions =
    mcpMaxSessions > 0 ? new McpSessions(services, { maxSessions: mcpMaxSessions, idleSec: mcpSessionIdleSec }) : null;
  if (sessions !== null) app.addHook("preClose", async () => sessions.close());
  const contextOf = (req: FastifyRequest): OperationContext => ({
    interface: "mcp",
    correlationId: req.correlationId,
    clientIp: req.ip,
    ...callerKey(req),
  });
  const schema = { summary: "MCP Streamable HTTP endpoint (JSON-RPC)", tags: ["mcp"], security: [{ apiKey: [] }] };
  app.post("/mcp", { schema }, async (req, reply) => {
    const mcpReq = { headers: req.headers, body: req.body, context: contextOf(req) };
    const answer =
      sessions !== null && McpSessions.wants(sessionIdOf(req.headers), req.body)
        ? await handleMcpSession(sessions, "POST", mcpReq)
        : await handleMcpPost(services, mcpReq);
    return sendMcpAnswer(reply, answer);
  });
  app.route({
    method: ["GET", "DELETE"],
    url: "/mcp",
    schema: { hide: true },
    handler: async (req, reply) => {
      if (sessions === null || sessionIdOf(req.headers) === undefined) {
        reply.header("Allow", sessions === null ? "POST" : "POST, GET, DELETE");
        throw new GatewayError("METHOD_NOT_ALLOWED", "Method not allowed");
      }
      const mcpReq = { headers: req.headers, body: undefined, context: contextOf(req) };
      return sendMcpAnswer(reply, await handleMcpSession(sessions, req.method as "GET" | "DELETE", mcpReq));
    },
  });
}

/** Writes an /mcp answer; a session's event stream is piped until either side ends it. */
async function sendMcpAnswer(reply: FastifyReply, answer: McpHttpResponse): Promise<FastifyReply> {
  reply.status(answer.status).headers(answer.headers);
  if (answer.stream === undefined) return reply.send(answer.body ?? undefined);
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(answer.status, { ...(reply.getHeaders() as Record<string, string>), ...answer.headers });
  raw.flushHeaders();
  const reader = answer.stream.getReader();
  raw.once("close", () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (chunk.done) break;
    raw.write(chunk.value);
  }
  raw.end();
  return reply;
}

/** `/orders/:order_id/status` → `/orders/{order_id}/status` (the label and the docs use the OpenAPI form). */
export function toTemplate(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}
