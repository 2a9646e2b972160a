// Settings of the HTTP edge: which Host and Origin values are accepted, how failed authentication is throttled,
// server timeouts and connection cap, metrics access and the audit HMAC key file. Parsing only; the api layer
// enforces them.
import { dirname, join } from "node:path";
import { parseBool, parseIntInRange, type Parsed } from "./parsers.js";
import { expandPath } from "./paths.js";
import type { HttpEdgeConfig } from "./types.js";

/** The smallest API key accepted: shorter keys are guessable by the failed-auth budget of a few days. */
export const MIN_API_KEY_LENGTH = 16;

export interface EdgeReader {
  raw(name: string): string | undefined;
  take<T>(name: string, fallback: T, parse: (raw: string) => Parsed<T>): T;
  readonly problems: string[];
}

const intRange = (name: string, min: number, max: number) => (raw: string) =>
  parseIntInRange(name, raw, min, max, `must be an integer from ${min} to ${max}`);

/** `a.example, B.example:8443` → `["a.example", "b.example:8443"]`; an item with a scheme or path is a problem. */
export function parseHostList(name: string, raw: string | undefined, problems: string[]): string[] {
  const items = (raw ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  for (const item of items) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(item)) {
      problems.push(`${name} items must be host or host:port (no scheme or path), got '${item}'`);
    }
  }
  return [...new Set(items)];
}

/** `https://dash.example:8443/` → `https://dash.example:8443`; anything that is not an http(s) origin is a problem. */
export function parseOriginList(name: string, raw: string | undefined, problems: string[]): string[] {
  const result: string[] = [];
  for (const item of (raw ?? "").split(",").map((s) => s.trim())) {
    if (item === "") continue;
    let origin: string | null = null;
    try {
      const url = new URL(item);
      if ((url.protocol === "http:" || url.protocol === "https:") && (url.pathname === "/" || url.pathname === "")) {
        origin = url.origin;
      }
    } catch {
      origin = null;
    }
    if (origin === null) problems.push(`${name} items must be http(s) origins like https://host:port, got '${item}'`);
    else result.push(origin.toLowerCase());
  }
  return [...new Set(result)];
}

export function readHttpEdge(
  c: EdgeReader,
  apiKey: string | null,
  auditDbPath: string,
  cwd: string,
  home?: string,
  /** API_KEYS_FILE is set: keys are required even without API_KEY. */
  keysFile = false,
) {
  if (apiKey !== null && apiKey.length < MIN_API_KEY_LENGTH) {
    c.problems.push(`API_KEY must be at least ${MIN_API_KEY_LENGTH} characters long, got ${apiKey.length}`);
  }
  const hmacRaw = c.raw("AUDIT_HMAC_KEY_FILE");
  const http: HttpEdgeConfig = {
    allowedHosts: parseHostList("ALLOWED_HOSTS", c.raw("ALLOWED_HOSTS"), c.problems),
    allowedOrigins: parseOriginList("ALLOWED_ORIGINS", c.raw("ALLOWED_ORIGINS"), c.problems),
    authFailureLimit: c.take("AUTH_FAILURE_LIMIT", 10, intRange("AUTH_FAILURE_LIMIT", 1, 10_000)),
    authFailureWindowSec: c.take("AUTH_FAILURE_WINDOW_SEC", 60, intRange("AUTH_FAILURE_WINDOW_SEC", 1, 86_400)),
    headersTimeoutSec: c.take("HTTP_HEADERS_TIMEOUT_SEC", 10, intRange("HTTP_HEADERS_TIMEOUT_SEC", 1, 600)),
    bodyTimeoutSec: c.take("HTTP_BODY_TIMEOUT_SEC", 30, intRange("HTTP_BODY_TIMEOUT_SEC", 1, 3600)),
    keepAliveTimeoutSec: c.take("HTTP_KEEP_ALIVE_TIMEOUT_SEC", 5, intRange("HTTP_KEEP_ALIVE_TIMEOUT_SEC", 1, 600)),
    maxConnections: c.take("HTTP_MAX_CONNECTIONS", 256, intRange("HTTP_MAX_CONNECTIONS", 1, 100_000)),
    metricsRequireKey: c.take("METRICS_REQUIRE_KEY", apiKey !== null || keysFile, (v) =>
      parseBool("METRICS_REQUIRE_KEY", v),
    ),
    auditHmacKeyFile: expandPath(hmacRaw ?? join(dirname(auditDbPath), "audit-hmac.key"), cwd, home),
  };
  if (http.headersTimeoutSec > http.bodyTimeoutSec) {
    c.problems.push("HTTP_HEADERS_TIMEOUT_SEC must not be larger than HTTP_BODY_TIMEOUT_SEC");
  }
  return http;
}
