// X-API-Key authentication: on when API_KEY is set, compared in constant time, checked before the body is parsed.
// The key is read from the header only, never from the query string. Failures are throttled and audited by the
// edge (edge.ts); this file only decides.
import { timingSafeEqual, createHash } from "node:crypto";
import { GatewayError } from "../domain/index.js";

const ALWAYS_OPEN = new Set(["/", "/health", "/openapi.json", "/docs"]);
const METRICS = new Set(["/metrics", "/metrics/prometheus"]);

/** Paths served without a key: health, the API description and docs (and `/`, which redirects there), and metrics
 * unless METRICS_REQUIRE_KEY. */
export function isExemptPath(path: string, metricsRequireKey = false): boolean {
  if (METRICS.has(path)) return !metricsRequireKey;
  return ALWAYS_OPEN.has(path) || path.startsWith("/docs/");
}

export type AuthOutcome = { ok: true } | { ok: false; reason: "missing" | "invalid"; error: GatewayError };

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Compares hashes, so neither the length nor the content of the key leaks through timing. */
export function checkApiKey(expected: string, header: string | string[] | undefined): AuthOutcome {
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined || given === "") {
    return {
      ok: false,
      reason: "missing",
      error: new GatewayError("UNAUTHORIZED", "Missing API key. Provide X-API-Key header."),
    };
  }
  if (timingSafeEqual(digest(given), digest(expected))) return { ok: true };
  return { ok: false, reason: "invalid", error: new GatewayError("UNAUTHORIZED", "Invalid API key.") };
}
