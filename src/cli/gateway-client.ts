// A CLI command's calls to a RUNNING gateway's REST API, for what only the gateway can do (approving an order needs
// its broker session): the URL from --url or API_HOST/API_PORT, the key from --key-file or API_KEY. An error answer
// becomes a GatewayError with the gateway's code, message and details; no answer says where nobody listened.
import { readFileSync } from "node:fs";
import type { GatewayConfig } from "../config/index.js";
import { ERROR_CODES, GatewayError, type ErrorCode } from "../domain/index.js";
import { CliExit } from "./config.js";

export interface GatewayTarget {
  url: string;
  key: string | null;
  timeoutMs: number;
}

export interface TargetOptions {
  url?: string;
  keyFile?: string;
}

/** Where the gateway listens: --url, else API_HOST:API_PORT (a wildcard bind address is reached on loopback). */
export function gatewayTarget(config: GatewayConfig, options: TargetOptions): GatewayTarget {
  return {
    url: (options.url ?? defaultUrl(config)).replace(/\/+$/, ""),
    key: options.keyFile === undefined ? config.apiKey : readKeyFile(options.keyFile),
    timeoutMs: (config.apiRequestTimeoutSec + 5) * 1000,
  };
}

function defaultUrl(config: GatewayConfig): string {
  const host = ["0.0.0.0", "::", ""].includes(config.apiHost) ? "127.0.0.1" : config.apiHost;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.apiPort}`;
}

function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    console.error(`error: --key-file ${path} cannot be read: ${(error as Error).message}`);
    throw new CliExit(2);
  }
  const key = text.trim();
  if (key === "") {
    console.error(`error: --key-file ${path} is empty; it must hold one API key`);
    throw new CliExit(2);
  }
  return key;
}

/** One JSON request; resolves with the answer's body, throws a GatewayError for an error answer or no answer. */
export async function callGateway<T>(
  target: GatewayTarget,
  method: "GET" | "POST",
  path: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (target.key !== null) headers["X-API-Key"] = target.key;
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (cause) {
    const why = cause instanceof Error && cause.name === "TimeoutError" ? "did not answer in time" : "is not reachable";
    throw new GatewayError(
      "IBKR_CONNECTION_ERROR",
      `The gateway at ${target.url} ${why}: is 'ibkr-gateway start-api' running there? (use --url to point elsewhere)`,
      { cause },
    );
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (response.ok) return parsed as T;
  throw errorOf(response.status, parsed, target);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function errorOf(status: number, body: unknown, target: GatewayTarget): GatewayError {
  const envelope = (body ?? {}) as { error_code?: string; message?: string; details?: Record<string, unknown> };
  const code = (ERROR_CODES as readonly string[]).includes(envelope.error_code ?? "")
    ? (envelope.error_code as ErrorCode)
    : "INTERNAL_ERROR";
  let message = envelope.message ?? `The gateway answered HTTP ${status}`;
  if (code === "UNAUTHORIZED" && target.key === null) {
    message += " (set API_KEY or pass --key-file PATH with a key that has the admin scope)";
  }
  try {
    return new GatewayError(code, message, { status, ...(envelope.details ? { details: envelope.details } : {}) });
  } catch {
    return new GatewayError(code, message, envelope.details ? { details: envelope.details } : {});
  }
}
