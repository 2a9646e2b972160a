// X-API-Key authentication: on when API_KEY or API_KEYS_FILE is set, compared in constant time, checked before the
// body is parsed. The key is read from the header only, never from the query string. Failures are throttled and
// audited by the edge (edge.ts); this file only decides which key (and so which name and scopes) a request has.
import { timingSafeEqual, createHash } from "node:crypto";
import { API_KEY_NAME, API_KEY_SCOPES, matchApiKey, type ApiKeyRecord, type ApiKeyScope } from "../config/index.js";
import { GatewayError } from "../domain/index.js";
import type { CallerKey } from "../operations/index.js";

const ALWAYS_OPEN = new Set(["/", "/health", "/openapi.json", "/docs"]);
const METRICS = new Set(["/metrics", "/metrics/prometheus"]);

/** Paths served without a key: health, the API description and docs (and `/`, which redirects there), the
 * dashboard's files (its API calls send the key), and metrics unless METRICS_REQUIRE_KEY. */
export function isExemptPath(path: string, metricsRequireKey = false): boolean {
  if (METRICS.has(path)) return !metricsRequireKey;
  return ALWAYS_OPEN.has(path) || path.startsWith("/docs/") || path === "/ui" || path.startsWith("/ui/");
}

/** Routes that are not operations and the scope they need: the event streams are views (`read`). */
const ROUTE_SCOPES: Readonly<Record<string, ApiKeyScope>> = {
  "/events": "read",
  "/stream": "read",
  "/stream/ticket": "read",
};

export function routeScope(path: string): ApiKeyScope | undefined {
  return ROUTE_SCOPES[path];
}

export type AuthOutcome =
  { ok: true; key: CallerKey; secret: string } | { ok: false; reason: "missing" | "invalid"; error: GatewayError };

/** The keys a request may present: API_KEY (every scope) and the named keys of API_KEYS_FILE. */
export interface KeyRing {
  apiKey: string | null;
  named: readonly ApiKeyRecord[];
}

const digest = (value: string) => createHash("sha256").update(value).digest();

const API_KEY_CALLER: CallerKey = { name: API_KEY_NAME, scopes: API_KEY_SCOPES, limits: {} };

/**
 * Compares hashes, so neither the length nor the content of a key leaks through timing; API_KEY and every named
 * key are always all compared, so the time does not tell which one matched.
 */
export function checkApiKey(ring: KeyRing, header: string | string[] | undefined): AuthOutcome {
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined || given === "") {
    return {
      ok: false,
      reason: "missing",
      error: new GatewayError("UNAUTHORIZED", "Missing API key. Provide X-API-Key header."),
    };
  }
  const isApiKey = ring.apiKey !== null && timingSafeEqual(digest(given), digest(ring.apiKey));
  const named = matchApiKey(ring.named, given);
  if (isApiKey) return { ok: true, key: API_KEY_CALLER, secret: given };
  if (named !== null) {
    const { name, scopes, hash: _hash, ...limits } = named;
    return { ok: true, key: { name, scopes, limits }, secret: given };
  }
  return { ok: false, reason: "invalid", error: new GatewayError("UNAUTHORIZED", "Invalid API key.") };
}
