// Loads the gateway configuration once: .env (never overriding the environment) < environment < CLI overrides,
// validates everything, collects every problem, applies the safety interlocks, and freezes it.
import { existsSync } from "node:fs";
import { mergeDotEnv, readVar, type EnvSource } from "./env-file.js";
import {
  isLoopbackHost,
  parseBool,
  parseDatabaseUrl,
  parseChoice,
  parseClientId,
  parseLogFormat,
  parseLogLevel,
  parseIntInRange,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parsePort,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSymbolList,
  type Parsed,
} from "./parsers.js";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readApiKeysFile, type ApiKeyRecord } from "./api-keys.js";
import { readHttpEdge } from "./http-edge.js";
import { ensureWritableParent, expandPath } from "./paths.js";
import type { ConfigOverrides, ConfigResult, GatewayConfig, RunMode, TradingMode } from "./types.js";

export interface LoadOptions {
  /** Defaults to process.env; tests pass their own. */
  env?: EnvSource;
  cwd?: string;
  home?: string;
  overrides?: ConfigOverrides;
  /** Read `.env` from cwd (default true). */
  dotenv?: boolean;
  /** The installation's folder, whose `data/` is the default DATA_DIR (default: this package's root). */
  installDir?: string;
  /** False: resolve API_KEYS_FILE without reading it (the `keys` commands create and edit it). Default true. */
  readKeysFile?: boolean;
}

/** The package root: two levels above this module, in `src/config` and in `dist/config` alike. */
export const INSTALL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Default notional cap applied in live mode when MAX_ORDER_NOTIONAL is unset. */
export const LIVE_DEFAULT_MAX_ORDER_NOTIONAL = 10_000;
/** Default position cap per symbol in live mode when MAX_POSITION_NOTIONAL is unset. */
export const LIVE_DEFAULT_MAX_POSITION_NOTIONAL = 25_000;
/** Default cap of today's executed plus working exposure in live mode when MAX_DAILY_NOTIONAL is unset. */
export const LIVE_DEFAULT_MAX_DAILY_NOTIONAL = 50_000;

class Collector {
  readonly problems: string[] = [];
  constructor(private readonly env: EnvSource) {}

  raw(name: string): string | undefined {
    return readVar(this.env, name);
  }

  /** Parses a variable when set; records the problem and returns the fallback otherwise. */
  take<T>(name: string, fallback: T, parse: (raw: string) => Parsed<T>): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    this.problems.push(parsed.problem);
    return fallback;
  }
}

export function loadConfig(options: LoadOptions = {}): ConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const baseEnv = options.env ?? process.env;
  const env = options.dotenv === false ? baseEnv : mergeDotEnv(baseEnv, cwd);
  const o = options.overrides ?? {};
  const c = new Collector(env);
  const warnings: string[] = [];

  const tradingModeSetting = c.take<TradingMode>("TRADING_MODE", "paper", (v) =>
    parseChoice("TRADING_MODE", v, ["paper", "live"] as const, "must be 'paper' or 'live'"),
  );
  const ibkrMode = c.take<string | null>("IBKR_MODE", null, (v) =>
    parseChoice("IBKR_MODE", v, ["simulation", "paper", "live"] as const, "must be 'simulation', 'paper' or 'live'"),
  );
  const requestedMode = o.tradingMode ?? tradingModeSetting;
  const simulate = o.simulate === true || ibkrMode === "simulation";
  if (simulate && requestedMode === "live") warnings.push("Simulation forces paper trading mode");
  const tradingMode: TradingMode = simulate ? "paper" : requestedMode;
  const mode: RunMode = simulate ? "simulation" : tradingMode;

  const paperPort = c.take("PAPER_GATEWAY_PORT", 4002, (v) => parsePort("PAPER_GATEWAY_PORT", v));
  const paperClientId = c.take("PAPER_CLIENT_ID", 1, (v) => parseClientId("PAPER_CLIENT_ID", v));
  const livePort = c.take("LIVE_GATEWAY_PORT", 4001, (v) => parsePort("LIVE_GATEWAY_PORT", v));
  const liveClientId = c.take("LIVE_CLIENT_ID", 777, (v) => parseClientId("LIVE_CLIENT_ID", v));
  const ordersEnabled = c.take("ORDERS_ENABLED", false, (v) => parseBool("ORDERS_ENABLED", v));
  const overrideRaw = c.raw("LIVE_TRADING_OVERRIDE_FILE");
  const liveOverrideFile = overrideRaw === undefined ? null : expandPath(overrideRaw, cwd, options.home);
  const apiHost = o.apiHost ?? c.raw("API_HOST")?.trim() ?? "127.0.0.1";
  const apiPort = o.apiPort ?? c.take("API_PORT", 8000, (v) => parsePort("API_PORT", v, 0));
  const apiKey = c.raw("API_KEY") ?? null;
  const apiRequestTimeoutSec = c.take("API_REQUEST_TIMEOUT", 30, (v) => parsePositiveNumber("API_REQUEST_TIMEOUT", v));
  const limits = readLimits(c, tradingMode);
  const requireOrderConfirmation = c.take("REQUIRE_ORDER_CONFIRMATION", false, (v) =>
    parseBool("REQUIRE_ORDER_CONFIRMATION", v),
  );
  const approvalTtlSec = c.take("APPROVAL_TTL_SEC", 300, (v) => parsePositiveNumber("APPROVAL_TTL_SEC", v));
  const logLevel = c.take("LOG_LEVEL", "INFO", (v) => parseLogLevel("LOG_LEVEL", v));
  const logFormat = c.take("LOG_FORMAT", "json", (v) => parseLogFormat("LOG_FORMAT", v));
  const simWalkMs = c.take("SIM_WALK_MS", 0, (v) => parseNonNegativeInteger("SIM_WALK_MS", v));
  const quoteStreamIdleSec = c.take("QUOTE_STREAM_IDLE_SEC", 0, (v) =>
    parseIntInRange("QUOTE_STREAM_IDLE_SEC", v, 0, 86_400, "must be an integer from 0 to 86400"),
  );
  const quoteStreamMaxLines = c.take("QUOTE_STREAM_MAX_LINES", 50, (v) =>
    parseIntInRange("QUOTE_STREAM_MAX_LINES", v, 1, 100, "must be an integer from 1 to 100"),
  );
  const mcpMaxSessions = c.take("MCP_SESSIONS", 16, (v) =>
    parseIntInRange("MCP_SESSIONS", v, 0, 1000, "must be an integer from 0 to 1000"),
  );
  const mcpSessionIdleSec = c.take("MCP_SESSION_IDLE_SEC", 1800, (v) =>
    parseIntInRange("MCP_SESSION_IDLE_SEC", v, 1, 86_400, "must be an integer from 1 to 86400"),
  );
  const streamMaxQuoteLines = c.take("STREAM_MAX_QUOTE_LINES", 50, (v) =>
    parseIntInRange("STREAM_MAX_QUOTE_LINES", v, 1, 1000, "must be an integer from 1 to 1000"),
  );
  const streamRetentionHours = c.take("STREAM_RETENTION_HOURS", 24, (v) =>
    parseIntInRange("STREAM_RETENTION_HOURS", v, 24, 8760, "must be an integer from 24 to 8760"),
  );
  // Absolute at load: every process of one installation (the server, a CLI run from any folder) sees the same files.
  const dataDir = expandPath(c.raw("DATA_DIR") ?? join(options.installDir ?? INSTALL_DIR, "data"), cwd, options.home);
  const auditDbPath = writablePath(c, "AUDIT_DB_PATH", join(dataDir, "audit.db"), cwd, options.home);
  const databaseUrl = c.take<string | null>("DATABASE_URL", null, (v) => parseDatabaseUrl("DATABASE_URL", v));
  const killSwitchFile = writablePath(c, "KILL_SWITCH_FILE", join(dataDir, "KILL_SWITCH"), cwd, options.home);

  const keysRaw = c.raw("API_KEYS_FILE");
  const apiKeysFile = keysRaw === undefined ? null : expandPath(keysRaw, cwd, options.home);
  const apiKeys = apiKeysFile === null || options.readKeysFile === false ? [] : readKeys(c, apiKeysFile);
  const http = readHttpEdge(c, apiKey, auditDbPath, cwd, options.home, apiKeysFile !== null);
  if (!simulate) checkLiveInterlock(c.problems, tradingMode, ordersEnabled, liveOverrideFile);
  if (!isLoopbackHost(apiHost) && apiKey === null && apiKeysFile === null) {
    c.problems.push(
      `API_HOST=${apiHost} is not a loopback address: set API_KEY before exposing the API beyond this machine`,
    );
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };

  const live = tradingMode === "live";
  const config: GatewayConfig = {
    gatewayHost: o.gatewayHost ?? c.raw("IBKR_GATEWAY_HOST")?.trim() ?? "127.0.0.1",
    paperPort,
    paperClientId,
    livePort,
    liveClientId,
    gatewayPort: o.gatewayPort ?? (live ? livePort : paperPort),
    clientId: o.clientId ?? (live ? liveClientId : paperClientId),
    tradingMode,
    mode,
    ordersEnabled,
    liveOverrideFile,
    apiHost,
    apiPort,
    apiKey,
    apiKeysFile,
    apiKeys,
    apiRequestTimeoutSec,
    requireOrderConfirmation,
    approvalTtlSec,
    logLevel,
    logFormat,
    dataDir,
    auditDbPath,
    databaseUrl,
    killSwitchFile,
    limits,
    simWalkMs,
    quoteStreamIdleSec,
    quoteStreamMaxLines,
    mcpMaxSessions,
    mcpSessionIdleSec,
    streamMaxQuoteLines,
    streamRetentionHours,
    http,
  };
  return { ok: true, config: deepFreeze(config), warnings };
}

function readKeys(c: Collector, path: string): ApiKeyRecord[] {
  const result = readApiKeysFile(path);
  if (result.ok) return result.keys;
  c.problems.push(result.problem);
  return [];
}

function readLimits(c: Collector, tradingMode: TradingMode): GatewayConfig["limits"] {
  const positive = (name: string) => c.take<number | null>(name, null, (v) => parsePositiveNumber(name, v));
  const positiveInt = (name: string) => c.take<number | null>(name, null, (v) => parsePositiveInteger(name, v));
  const maxOrderQuantity = positive("MAX_ORDER_QUANTITY");
  const notional = positive("MAX_ORDER_NOTIONAL");
  const live = tradingMode === "live";
  const deviation = c.take("MAX_PRICE_DEVIATION_PCT", 10, (v) => parseNonNegativeNumber("MAX_PRICE_DEVIATION_PCT", v));
  const position = positive("MAX_POSITION_NOTIONAL");
  const daily = positive("MAX_DAILY_NOTIONAL");
  return {
    maxOrderQuantity,
    maxOrderNotional: notional ?? (live ? LIVE_DEFAULT_MAX_ORDER_NOTIONAL : null),
    symbolAllowlist: parseSymbolList(c.raw("SYMBOL_ALLOWLIST")),
    maxOrdersPerMinute: positiveInt("MAX_ORDERS_PER_MINUTE"),
    maxOpenOrders: positiveInt("MAX_OPEN_ORDERS"),
    maxDailyLoss: positive("MAX_DAILY_LOSS"),
    maxPriceDeviationPct: deviation === 0 ? null : deviation,
    maxQuoteAgeSec: c.take("MAX_QUOTE_AGE_SEC", 1200, (v) => parseNonNegativeInteger("MAX_QUOTE_AGE_SEC", v)),
    maxPositionNotional: position ?? (live ? LIVE_DEFAULT_MAX_POSITION_NOTIONAL : null),
    maxDailyNotional: daily ?? (live ? LIVE_DEFAULT_MAX_DAILY_NOTIONAL : null),
  };
}

function writablePath(c: Collector, name: string, fallback: string, cwd: string, home?: string): string {
  const path = expandPath(c.raw(name) ?? fallback, cwd, home);
  if (!ensureWritableParent(path)) c.problems.push(`${name} is not writable: ${path}`);
  return path;
}

/** Live + orders enabled needs an override file that exists. */
function checkLiveInterlock(
  problems: string[],
  tradingMode: TradingMode,
  ordersEnabled: boolean,
  overrideFile: string | null,
): void {
  if (tradingMode !== "live" || !ordersEnabled) return;
  if (overrideFile === null) {
    problems.push(
      "LIVE_TRADING_OVERRIDE_FILE must be set when TRADING_MODE=live and ORDERS_ENABLED=true (real-money orders are extremely dangerous)",
    );
  } else if (!existsSync(overrideFile)) {
    problems.push(
      `TRADING_MODE=live with ORDERS_ENABLED=true requires override file at ${overrideFile} (LIVE_TRADING_OVERRIDE_FILE)`,
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The text printed when configuration is invalid. */
export function formatProblems(problems: readonly string[]): string {
  return ["Configuration error:", ...problems.map((p) => `  - ${p}`)].join("\n");
}

/** Whether this run asked for live trading (flag, environment or .env), before any mode is forced (the demo). */
export function requestsLiveTrading(options: LoadOptions = {}): boolean {
  if (options.overrides?.tradingMode !== undefined) return options.overrides.tradingMode === "live";
  const base = options.env ?? process.env;
  const env = options.dotenv === false ? base : mergeDotEnv(base, options.cwd ?? process.cwd());
  return readVar(env, "TRADING_MODE")?.trim().toLowerCase() === "live";
}
