// buildApp(deps): the Fastify application of SPEC §15 — routes over the operations catalog, one error envelope,
// API-key auth, correlation ids, request logs and metrics, OpenAPI 3.1 and interactive docs. It never listens;
// the caller (src/main.ts or a test) decides where.
import type { ServerResponse } from "node:http";
import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { GatewayError, VERSION } from "../domain/index.js";
import { handleMcpPost } from "../mcp/index.js";
import { registerSecret, resolveCorrelationId, runWithCorrelation } from "../obs/index.js";
import { apiKeyFingerprint, invoke, type GatewayServices, type OperationContext } from "../operations/index.js";
import { checkApiKey, isExemptPath } from "./auth.js";
import { toGatewayError } from "./errors.js";
import { ROUTES, type RouteDef } from "./routes.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered on the app (method and URL), for route-wide checks such as auth coverage. */
    registeredRoutes: { method: string; url: string }[];
  }
  interface FastifyRequest {
    correlationId: string;
    startedAt: bigint;
    apiKeyFingerprint: string | undefined;
  }
}

export interface AppDeps {
  services: GatewayServices;
  routes?: readonly RouteDef[];
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { services } = deps;
  registerSecret(services.config.apiKey ?? undefined);
  const app = fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
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
  installJsonParser(app);
  installLifecycle(app, services);
  await installDocs(app);
  for (const route of deps.routes ?? ROUTES) addOperationRoute(app, services, route);
  addMetricsRoutes(app, services);
  addMcpRoutes(app, services);
  return app;
}

/** JSON only (other content types are 415); empty bodies are allowed for bodiless POSTs. */
function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new GatewayError("BAD_REQUEST", `Malformed JSON body: ${(err as Error).message}`), undefined);
    }
  });
}

function installLifecycle(app: FastifyInstance, services: GatewayServices): void {
  const { logger, metrics, config } = services;
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
      requestStarted({ method: req.method, path: req.url, client_ip: req.ip });
    });
    if (config.apiKey !== null && !isExemptPath(pathOf(req))) authenticate(req, services, config.apiKey);
  });
  // Everything from here to the handler runs inside the request's correlation context.
  app.addHook("preHandler", (req, _reply, done) => runWithCorrelation(req.correlationId, done));
  app.addHook("onResponse", async (req, reply) => {
    const seconds = Number(process.hrtime.bigint() - req.startedAt) / 1e9;
    const template = req.routeOptions.url;
    metrics.apiRequest(template ? toTemplate(template) : "unmatched", req.method, reply.statusCode, seconds);
    runWithCorrelation(req.correlationId, () =>
      requestCompleted({
        method: req.method,
        path: req.url,
        status_code: reply.statusCode,
        elapsed_ms: Math.round(seconds * 1e6) / 1e3,
      }),
    );
  });
  app.setErrorHandler((error, req, reply) => sendError(error, req, reply, services));
  app.setNotFoundHandler((req, reply) => {
    const err = new GatewayError("NOT_FOUND", `Route not found: ${req.method} ${pathOf(req)}`);
    return reply.status(404).send(err.toEnvelope());
  });
}

function authenticate(req: FastifyRequest, services: GatewayServices, apiKey: string): void {
  const outcome = checkApiKey(apiKey, req.headers["x-api-key"]);
  if (outcome.ok) {
    req.apiKeyFingerprint = apiKeyFingerprint(apiKey);
    return;
  }
  services.metrics.inc("auth_failures_total", { reason: outcome.reason });
  services.store.appendSafe({
    eventType: "AUTH_FAILURE",
    eventData: { method: req.method, path: pathOf(req), reason: outcome.reason },
    correlationId: req.correlationId,
    userContext: { interface: "rest", client_ip: req.ip },
  });
  throw outcome.error;
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
      ...(route.input === "none" ? {} : { [inputPart]: op.input }),
      response: { 200: op.output },
      ...(isExemptPath(route.path) ? {} : { security: [{ apiKey: [] }] }),
    },
    handler: async (req, reply) => {
      const input = route.input === "none" ? {} : (req[route.input] ?? {});
      const ctx: OperationContext = {
        interface: "rest",
        correlationId: req.correlationId,
        clientIp: req.ip,
        ...(req.apiKeyFingerprint === undefined ? {} : { apiKeyFingerprint: req.apiKeyFingerprint }),
        signal: callerGone(reply.raw),
      };
      const timeoutSec = route.timeoutSec?.(services.config) ?? services.config.apiRequestTimeoutSec;
      return invoke(op, services, input, ctx, { timeoutSec });
    },
  });
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
  const hide = { hide: false, tags: ["service"] };
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

/** MCP over Streamable HTTP (SPEC §16.4): stateless POST only; auth comes from the onRequest hook above. */
function addMcpRoutes(app: FastifyInstance, services: GatewayServices): void {
  const schema = { summary: "MCP Streamable HTTP endpoint (JSON-RPC)", tags: ["mcp"], security: [{ apiKey: [] }] };
  app.post("/mcp", { schema }, async (req, reply) => {
    const context: OperationContext = {
      interface: "mcp",
      correlationId: req.correlationId,
      clientIp: req.ip,
      ...(req.apiKeyFingerprint === undefined ? {} : { apiKeyFingerprint: req.apiKeyFingerprint }),
    };
    const answer = await handleMcpPost(services, { headers: req.headers, body: req.body, context });
    reply.status(answer.status).headers(answer.headers);
    return reply.send(answer.body ?? undefined);
  });
  app.route({
    method: ["GET", "DELETE"],
    url: "/mcp",
    schema: { hide: true },
    handler: async (_req, reply) => {
      reply.header("Allow", "POST");
      throw new GatewayError("METHOD_NOT_ALLOWED", "Method not allowed");
    },
  });
}

async function installDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "IBKR Gateway API", version: VERSION },
      components: { securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-Key" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}

function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf("?");
  return q === -1 ? req.url : req.url.slice(0, q);
}

/** `/orders/:order_id/status` → `/orders/{order_id}/status` (the label and the docs use the OpenAPI form). */
export function toTemplate(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}
