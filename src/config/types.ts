// The shape of the loaded, validated and frozen gateway configuration, and the CLI overrides.
import type { ApiKeyRecord } from "./api-keys.js";
import type { LogFormat, LogLevel } from "./parsers.js";

export type TradingMode = "paper" | "live";
/** What the gateway is connected to: a paper or live IB Gateway/TWS, or the embedded simulator. */
export type RunMode = "paper" | "live" | "simulation";

export interface RiskLimits {
  /** Largest quantity of one order; null = no limit. */
  readonly maxOrderQuantity: number | null;
  /** Largest estimated notional of one order; 10000 by default in live mode, else null. */
  readonly maxOrderNotional: number | null;
  /** Symbols that may be traded; empty = all. */
  readonly symbolAllowlist: readonly string[];
  readonly maxOrdersPerMinute: number | null;
  readonly maxOpenOrders: number | null;
  /** Daily loss (account base currency) that trips the kill switch; null = off. */
  readonly maxDailyLoss: number | null;
  /** Largest distance in % of a marketable limit or stop price from the market (price collar); null = off. */
  readonly maxPriceDeviationPct: number | null;
  /** Oldest delayed or frozen quote (seconds since its last trade) still usable as a reference price. */
  readonly maxQuoteAgeSec: number;
  /** Largest position value per symbol after an order, base currency; null = off. */
  readonly maxPositionNotional: number | null;
  /** Largest sum of today's executed and working exposure plus the order, base currency; null = off. */
  readonly maxDailyNotional: number | null;
}

export interface GatewayConfig {
  /** Broker (TWS / IB Gateway) host. */
  readonly gatewayHost: string;
  readonly paperPort: number;
  readonly paperClientId: number;
  readonly livePort: number;
  readonly liveClientId: number;
  /** The active broker port and client id (live values when tradingMode is live, unless overridden). */
  readonly gatewayPort: number;
  readonly clientId: number;
  readonly tradingMode: TradingMode;
  readonly mode: RunMode;
  readonly ordersEnabled: boolean;
  /** Absolute path of the live override file, or null when unset. */
  readonly liveOverrideFile: string | null;
  readonly apiHost: string;
  readonly apiPort: number;
  /** Null when unset or empty. Never log it. */
  readonly apiKey: string | null;
  /** Absolute path of API_KEYS_FILE, or null when unset. */
  readonly apiKeysFile: string | null;
  /** The named keys of API_KEYS_FILE as read at start-up (hashes only). */
  readonly apiKeys: readonly ApiKeyRecord[];
  readonly apiRequestTimeoutSec: number;
  readonly requireOrderConfirmation: boolean;
  /** Seconds an order waiting for approval can be approved; later it expires and is never sent. */
  readonly approvalTtlSec: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** Absolute; holds the audit database and kill-switch file by default. */
  readonly dataDir: string;
  readonly auditDbPath: string;
  /** PostgreSQL URL of a store shared by several instances; null: the SQLite file at `auditDbPath`. */
  readonly databaseUrl: string | null;
  readonly killSwitchFile: string;
  readonly limits: RiskLimits;
  /** Price-walk interval of the embedded simulator; 0 = static prices. */
  readonly simWalkMs: number;
  /** Seconds a streaming line stays open after a quote to answer warm quotes; 0 = every quote is a snapshot. */
  readonly quoteStreamIdleSec: number;
  /** Streaming lines held for warm quotes at most. */
  readonly quoteStreamMaxLines: number;
  /** MCP sessions on /mcp (Streamable HTTP) held at once; 0 = /mcp is stateless only. */
  readonly mcpMaxSessions: number;
  /** Seconds an MCP session without requests and without an open notification stream lives on. */
  readonly mcpSessionIdleSec: number;
  /** Instruments the `quotes` topic of GET /stream streams at once at most (one broker line each). */
  readonly streamMaxQuoteLines: number;
  /** Durable stream events are kept at least this long (hours, 24 or more). */
  readonly streamRetentionHours: number;
  readonly http: HttpEdgeConfig;
}

/** What the HTTP edge accepts and how it bounds abuse (see docs/security.md). */
export interface HttpEdgeConfig {
  /** Extra Host values (lower-cased `host` or `host:port`) besides loopback names and the bound address. */
  readonly allowedHosts: readonly string[];
  /** Extra browser origins (lower-cased `scheme://host[:port]`) allowed besides loopback ones. */
  readonly allowedOrigins: readonly string[];
  /** Failed authentications per client address and window before 429. */
  readonly authFailureLimit: number;
  readonly authFailureWindowSec: number;
  /** Time to receive the request headers, the whole request, and idle time between keep-alive requests. */
  readonly headersTimeoutSec: number;
  readonly bodyTimeoutSec: number;
  readonly keepAliveTimeoutSec: number;
  /** Open connections at most; further connections are closed at once. */
  readonly maxConnections: number;
  /** /metrics and /metrics/prometheus require X-API-Key (default: true when API_KEY is set). */
  readonly metricsRequireKey: boolean;
  /** Absolute path of the secret that keys the audit hash chain (never stored in the database). */
  readonly auditHmacKeyFile: string;
}

/** Per-run overrides from CLI flags; they win over the environment. */
export interface ConfigOverrides {
  gatewayHost?: string;
  /** Port for the active trading mode. */
  gatewayPort?: number;
  tradingMode?: TradingMode;
  simulate?: boolean;
  clientId?: number;
  apiHost?: string;
  apiPort?: number;
}

export type ConfigResult = { ok: true; config: GatewayConfig; warnings: string[] } | { ok: false; problems: string[] };
