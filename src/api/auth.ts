// X-API-Key authentication (SPEC §15.3): on when API_KEY is set, compared in constant time, checked before the body
// is parsed. Every failure is a 401 envelope, an AUTH_FAILURE audit row and a metric.
import { createHash, timingSafeEqual } from "node:crypto";
import { GatewayError } from "../domain/index.js";

const EXEMPT = new Set(["/health", "/metrics", "/metrics/prometheus", "/openapi.json", "/docs"]);

export function isExemptPath(path: string): boolean {
  return EXEMPT.has(path) || path.startsWith("/docs/");
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
