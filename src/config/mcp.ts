// Configuration of the stdio MCP server `ibkr-mcp`: where the gateway's REST API is and how long to wait.
import { mergeDotEnv, readVar, type EnvSource } from "./env-file.js";
import {
  parseLogFormat,
  parseLogLevel,
  parsePositiveNumber,
  type LogFormat,
  type LogLevel,
  type Parsed,
} from "./parsers.js";

export interface McpConfig {
  /** Absolute http(s) URL of the gateway REST API, without a trailing slash. */
  readonly apiUrl: string;
  readonly requestTimeoutSec: number;
  /** Forwarded as X-API-Key; null when unset. Never log it. */
  readonly apiKey: string | null;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

export type McpConfigResult = { ok: true; config: McpConfig } | { ok: false; problems: string[] };

export function loadMcpConfig(options: { env?: EnvSource; cwd?: string; dotenv?: boolean } = {}): McpConfigResult {
  const base = options.env ?? process.env;
  const env = options.dotenv === false ? base : mergeDotEnv(base, options.cwd ?? process.cwd());
  const problems: string[] = [];

  const rawUrl = readVar(env, "IBKR_API_URL")?.trim() ?? "http://127.0.0.1:8000";
  const apiUrl = parseHttpUrl(rawUrl);
  if (apiUrl === null) problems.push(`IBKR_API_URL must be an http(s) URL, got '${rawUrl}'`);

  let requestTimeoutSec = 60;
  const rawTimeout = readVar(env, "MCP_REQUEST_TIMEOUT");
  if (rawTimeout !== undefined) {
    const parsed = parsePositiveNumber("MCP_REQUEST_TIMEOUT", rawTimeout);
    if (parsed.ok) requestTimeoutSec = parsed.value;
    else problems.push(parsed.problem);
  }
  const logLevel = strict(readVar(env, "LOG_LEVEL"), "INFO", (v) => parseLogLevel("LOG_LEVEL", v), problems);
  const logFormat = strict(readVar(env, "LOG_FORMAT"), "json", (v) => parseLogFormat("LOG_FORMAT", v), problems);
  if (problems.length > 0 || apiUrl === null) return { ok: false, problems };
  return {
    ok: true,
    config: Object.freeze({
      apiUrl,
      requestTimeoutSec,
      apiKey: readVar(env, "API_KEY") ?? null,
      logLevel,
      logFormat,
    }),
  };
}

function strict<T>(raw: string | undefined, fallback: T, parse: (raw: string) => Parsed<T>, problems: string[]): T {
  if (raw === undefined) return fallback;
  const parsed = parse(raw);
  if (parsed.ok) return parsed.value;
  problems.push(parsed.problem);
  return fallback;
}

function parseHttpUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return raw.replace(/\/+$/, "");
  } catch {
    return null;
  }
}
