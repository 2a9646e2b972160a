// How a REST outcome becomes an MCP error: the gateway's JSON envelope passes through unchanged;
// statuses without one (a proxy, a stopped gateway) and transport failures get the contract's fixed codes.
import { McpToolError } from "./tool-result.js";

/** Codes for error answers that carry no JSON envelope. */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  422: "VALIDATION_ERROR",
  429: "RATE_LIMITED",
  500: "INTERNAL_ERROR",
  503: "IBKR_CONNECTION_ERROR",
  504: "TIMEOUT",
};

interface Envelope {
  error_code: string;
  message: string;
  details?: Record<string, unknown>;
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["error_code"] === "string" && typeof v["message"] === "string";
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The body of a 2xx answer, or the MCP error an error answer stands for. */
export function interpretResponse(status: number, text: string): unknown {
  const parsed = parseJson(text);
  if (status >= 200 && status < 300) {
    if (parsed.ok) return parsed.value;
    throw new McpToolError("INTERNAL_ERROR", `Gateway REST API answered HTTP ${status} without a JSON body`);
  }
  if (parsed.ok && isEnvelope(parsed.value)) {
    const { error_code, message, details } = parsed.value;
    const hasDetails = typeof details === "object" && details !== null && !Array.isArray(details);
    throw new McpToolError(error_code, message, hasDetails ? details : {});
  }
  const code = STATUS_CODES[status] ?? "INTERNAL_ERROR";
  const message = status === 503 ? "IBKR Gateway not connected" : `HTTP ${status} error`;
  throw new McpToolError(code, message);
}

/** A request that never produced an answer: refused, unresolvable, reset, or not answered in time. */
export function transportError(error: unknown, apiUrl: string, timedOut: boolean, timeoutSec: number): McpToolError {
  if (timedOut) {
    return new McpToolError("TIMEOUT", `Gateway REST API did not answer within ${timeoutSec}s`, {}, error);
  }
  return new McpToolError(
    "API_UNREACHABLE",
    `Gateway REST API unreachable at ${apiUrl}: ${reasonOf(error)}`,
    {},
    error,
  );
}

/** fetch hides the socket error in `cause` ("connect ECONNREFUSED 127.0.0.1:8000", "getaddrinfo ENOTFOUND x"). */
function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { message?: unknown; code?: unknown } | undefined) : undefined;
  if (typeof cause?.message === "string" && cause.message !== "") return cause.message;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}
