// The HTTP edge of the app: Host / Origin / browser-write checks, API-key authentication with a per-address
// failure budget, CORS for listed origins, and audit rows for refusals once per address and window. The server
// limits and the raw-socket error answers live in server-limits.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { GatewayError } from "../domain/index.js";
import { requireKeyScope, type GatewayServices } from "../operations/index.js";
import { RefusalAudit, WindowCounter, type RefusalSummary } from "./abuse-window.js";
import { checkApiKey, isExemptPath, routeScope, type KeyRing } from "./auth.js";
import { EdgePolicy, isPreflighted, type EdgeRefusal } from "./edge-guard.js";
import { streamTicketOf } from "./stream-routes.js";

const CORS_ALLOW_HEADERS =
  "Content-Type, X-API-Key, X-Correlation-ID, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID";
const CORS_EXPOSE_HEADERS = "X-Correlation-ID, Retry-After, Mcp-Session-Id";

export interface Edge {
  /** Runs in onRequest after the correlation id is set; throws the GatewayError to answer with. */
  gate(req: FastifyRequest, reply: FastifyReply): void;
  close(): void;
}

export function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf("?");
  return q === -1 ? req.url : req.url.slice(0, q);
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function refusalError(refusal: EdgeRefusal, req: FastifyRequest): GatewayError {
  if (refusal === "forbidden_host") {
    const host = (headerText(req.headers.host) ?? "").slice(0, 100);
    return new GatewayError("FORBIDDEN_HOST", `Host '${host}' is not served here; add it to ALLOWED_HOSTS`);
  }
  if (refusal === "forbidden_origin") return new GatewayError("FORBIDDEN", "Origin not allowed");
  return new GatewayError("BAD_REQUEST", "Content-Type must be application/json", { status: 415 });
}

export function createEdge(app: FastifyInstance, services: GatewayServices): Edge {
  const { config, metrics, store, clock } = services;
  const policy = new EdgePolicy(config.http, config.apiHost);
  const failures = new WindowCounter(config.http.authFailureWindowSec * 1000, clock);
  const audit = new RefusalAudit(config.http.authFailureWindowSec, clock, (s) => writeRefusal(services, s));
  const ring: KeyRing = { apiKey: config.apiKey, named: config.apiKeys };
  const keyed = config.apiKey !== null || config.apiKeysFile !== null;
  const fingerprints = new Map<string, string>();
  addPreflightRoute(app, policy);

  function refuse(req: FastifyRequest, reason: string, error: GatewayError): never {
    metrics.inc("auth_failures_total", { reason });
    audit.record(reason, req.ip, req.method, pathOf(req), req.correlationId);
    throw error;
  }

  function authenticate(req: FastifyRequest, reply: FastifyReply): void {
    if (failures.count(req.ip) >= config.http.authFailureLimit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(failures.remainingMs(req.ip) / 1000));
      reply.header("Retry-After", String(retryAfterSeconds));
      refuse(
        req,
        "rate_limited",
        new GatewayError("RATE_LIMITED", `Too many failed authentications; retry in ${retryAfterSeconds}s`, {
          details: { retryAfterSeconds },
        }),
      );
    }
    const outcome = checkApiKey(ring, req.headers["x-api-key"]);
    if (outcome.ok) {
      const { name } = outcome.key;
      let fingerprint = fingerprints.get(name);
      if (fingerprint === undefined) fingerprints.set(name, (fingerprint = store.keyFingerprint(outcome.secret)));
      req.apiKeyFingerprint = fingerprint;
      req.apiKey = outcome.key;
      // Operations check their scope in `invoke`; the event streams are routes of their own.
      const scope = routeScope(pathOf(req));
      if (scope !== undefined) requireKeyScope(outcome.key, scope, `${req.method} ${pathOf(req)}`);
      return;
    }
    failures.add(req.ip);
    refuse(req, outcome.reason, outcome.error);
  }

  return {
    gate(req, reply) {
      const origin = headerText(req.headers.origin);
      const refusal = policy.check({
        method: req.method,
        headers: req.headers,
        localAddress: req.socket?.localAddress,
        localPort: req.socket?.localPort,
      });
      if (refusal !== null) refuse(req, refusal, refusalError(refusal, req));
      if (policy.isListedOrigin(origin)) {
        reply.header("Access-Control-Allow-Origin", origin);
        reply.header("Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
      }
      if (origin !== undefined) reply.header("Vary", "Origin");
      const needsKey = keyed && req.method !== "OPTIONS";
      // GET /stream with a ticket is authenticated by the ticket (stream-routes.ts), browsers cannot send the key.
      const ticketed = req.method === "GET" && pathOf(req) === "/stream" && streamTicketOf(req) !== undefined;
      if (needsKey && !ticketed && !isExemptPath(pathOf(req), config.http.metricsRequireKey)) authenticate(req, reply);
      // After authentication (a request with the right key was not forged by a browser); unmatched routes change
      // nothing and answer 404.
      const routed = req.routeOptions.url !== undefined;
      if (routed && !isPreflighted(req.method, req.headers))
        refuse(req, "simple_write", refusalError("simple_write", req));
    },
    close: () => audit.close(),
  };
}

/** CORS preflights on any path: allowed for ALLOWED_ORIGINS (foreign origins were already refused by the gate). */
function addPreflightRoute(app: FastifyInstance, policy: EdgePolicy): void {
  app.options("*", { schema: { hide: true } }, async (req, reply) => {
    const origin = headerText(req.headers.origin);
    reply.header("Allow", "GET, HEAD, POST, OPTIONS");
    if (policy.isListedOrigin(origin) && req.headers["access-control-request-method"] !== undefined) {
      reply.header("Access-Control-Allow-Methods", "GET, POST");
      reply.header("Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
      reply.header("Access-Control-Max-Age", "600");
    }
    return reply.status(204).send();
  });
}

function writeRefusal(services: GatewayServices, s: RefusalSummary): void {
  const row = services.store.appendSafe({
    eventType: "AUTH_FAILURE",
    eventData: { method: s.method, path: s.path, reason: s.reason, count: s.count, window_sec: s.windowSec },
    correlationId: s.correlationId,
    userContext: { interface: "rest", client_ip: s.clientIp },
  });
  services.orders.writes.track(row);
}
