// The stdio server's backend: each gateway call is one request to the gateway's REST API at IBKR_API_URL
// With JSON, the API key when set, a fresh correlation id and the MCP_REQUEST_TIMEOUT limit.
// It never writes to stdout: its only output is log lines through the logger.
import { randomUUID } from "node:crypto";
import type { McpConfig } from "../config/index.js";
import { runWithCorrelation, type Logger } from "../obs/index.js";
import type { GatewayBackend, GatewayCall } from "./gateway-call.js";
import { interpretResponse, transportError } from "./rest-errors.js";

export type RestBackendOptions = Pick<McpConfig, "apiUrl" | "apiKey" | "requestTimeoutSec"> & { logger: Logger };

export function createRestBackend(options: RestBackendOptions): GatewayBackend {
  return { call: (call, signal) => send(options, call, signal) };
}

function urlOf(apiUrl: string, call: GatewayCall): string {
  const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : "";
  return `${apiUrl}${call.path}${query}`;
}

async function send(options: RestBackendOptions, call: GatewayCall, signal?: AbortSignal): Promise<unknown> {
  const { apiUrl, apiKey, requestTimeoutSec, logger } = options;
  const correlationId = randomUUID();
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Correlation-ID": correlationId };
  if (apiKey !== null) headers["X-API-Key"] = apiKey;
  const timeout = AbortSignal.timeout(requestTimeoutSec * 1000);
  const started = performance.now();
  const log = (level: "debug" | "warning", message: string, fields: Record<string, unknown>) =>
    runWithCorrelation(correlationId, () =>
      logger[level](message, { method: call.method, path: call.path, ...fields }),
    );
  let answer: { status: number; text: string };
  try {
    const response = await fetch(urlOf(apiUrl, call), {
      method: call.method,
      headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    answer = { status: response.status, text: await response.text() };
  } catch (error) {
    // Cancelled by the MCP client: nobody waits for an answer any more.
    if (signal?.aborted && !timeout.aborted) throw error;
    const failure = transportError(error, apiUrl, timeout.aborted, requestTimeoutSec);
    log("warning", "Gateway REST call failed", { error: failure.message });
    throw failure;
  }
  log("debug", "Gateway REST call", {
    status_code: answer.status,
    elapsed_ms: Math.round((performance.now() - started) * 1e3) / 1e3,
  });
  return interpretResponse(answer.status, answer.text);
}
