import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatProblems, INSTALL_DIR, loadConfig, type LoadOptions } from "./load.js";
import type { GatewayConfig } from "./types.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cfg-"));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

function load(env: Record<string, string>, extra: Partial<LoadOptions> = {}) {
  return loadConfig({ env, cwd: dir, home: join(dir, "home"), ...extra });
}
function config(env: Record<string, string>, extra: Partial<LoadOptions> = {}): GatewayConfig {
  const result = load(env, extra);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}
function problems(env: Record<string, string>, extra: Partial<LoadOptions> = {}): string[] {
  const result = load(env, extra);
  return result.ok ? [] : result.problems;
}

describe("data directory", () => {
  it("puts the audit database and kill-switch file under DATA_DIR, made absolute at load", () => {
    const c = config({ DATA_DIR: "state" });
    expect(c.dataDir).toBe(join(dir, "state"));
    expect(c.auditDbPath).toBe(join(dir, "state", "audit.db"));
    expect(c.killSwitchFile).toBe(join(dir, "state", "KILL_SWITCH"));
  });

  it("keeps an explicit file path over the data directory", () => {
    const c = config({ DATA_DIR: "state", KILL_SWITCH_FILE: "/tmp/elsewhere/KS" });
    expect(c.killSwitchFile).toBe("/tmp/elsewhere/KS");
    expect(c.auditDbPath).toBe(join(dir, "state", "audit.db"));
  });
});

describe("defaults", () => {
  it("is safe with an empty environment: paper, orders off, loopback, no key", () => {
    const c = config({});
    expect(c).toMatchObject({
      gatewayHost: "127.0.0.1",
      gatewayPort: 4002,
      clientId: 1,
      tradingMode: "paper",
      mode: "paper",
      ordersEnabled: false,
      liveOverrideFile: null,
      apiHost: "127.0.0.1",
      apiPort: 8000,
      apiKey: null,
      apiRequestTimeoutSec: 30,
      requireOrderConfirmation: false,
      logLevel: "INFO",
      logFormat: "json",
      simWalkMs: 0,
      quoteStreamIdleSec: 0,
      quoteStreamMaxLines: 50,
      streamMaxQuoteLines: 50,
      streamRetentionHours: 24,
    });
    // The installation's data folder, absolute, whatever the working directory.
    expect(c.dataDir).toBe(join(INSTALL_DIR, "data"));
    expect(c.auditDbPath).toBe(join(INSTALL_DIR, "data", "audit.db"));
    expect(c.killSwitchFile).toBe(join(INSTALL_DIR, "data", "KILL_SWITCH"));
    expect(c.limits).toEqual({
      maxOrderQuantity: null,
      maxOrderNotional: null,
      symbolAllowlist: [],
      maxOrdersPerMinute: null,
      maxOpenOrders: null,
      maxDailyLoss: null,
      maxPriceDeviationPct: 10,
      maxQuoteAgeSec: 1200,
      maxPositionNotional: null,
      maxDailyNotional: null,
    });
  });

  it("uses the live port and client id in live mode, with notional, position and daily caps", () => {
    const c = config({ TRADING_MODE: " LIVE " });
    expect(c).toMatchObject({ tradingMode: "live", mode: "live", gatewayPort: 4001, clientId: 777 });
    expect(c.limits.maxOrderNotional).toBe(10000);
    expect(c.limits.maxPositionNotional).toBe(25000);
    expect(c.limits.maxDailyNotional).toBe(50000);
    expect(config({ TRADING_MODE: "live", MAX_ORDER_NOTIONAL: "500" }).limits.maxOrderNotional).toBe(500);
  });

  it("is frozen, including nested objects", () => {
    const c = config({ SYMBOL_ALLOWLIST: "AAPL" });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.limits)).toBe(true);
    expect(() => (c.limits.symbolAllowlist as string[]).push("X")).toThrow();
  });
});

describe("safety matrix", () => {
  it("paper + orders off starts with SIMULATED placements", () => {
    expect(config({ TRADING_MODE: "paper", ORDERS_ENABLED: "false" })).toMatchObject({ ordersEnabled: false });
  });

  it("paper + orders on starts and ignores the override file", () => {
    const c = config({ ORDERS_ENABLED: "true", LIVE_TRADING_OVERRIDE_FILE: "./missing" });
    expect(c).toMatchObject({ tradingMode: "paper", ordersEnabled: true });
  });

  it("live + orders off starts whatever the override file says", () => {
    expect(config({ TRADING_MODE: "live", LIVE_TRADING_OVERRIDE_FILE: "./missing" })).toMatchObject({
      tradingMode: "live",
      ordersEnabled: false,
    });
  });

  it("live + orders on without an override file refuses to start", () => {
    const unsetForms: Record<string, string>[] = [
      {},
      { LIVE_TRADING_OVERRIDE_FILE: "" },
      { LIVE_TRADING_OVERRIDE_FILE: "   " },
    ];
    for (const unset of unsetForms) {
      expect(problems({ TRADING_MODE: "live", ORDERS_ENABLED: "TRUE", ...unset })).toEqual([
        "LIVE_TRADING_OVERRIDE_FILE must be set when TRADING_MODE=live and ORDERS_ENABLED=true (real-money orders are extremely dangerous)",
      ]);
    }
  });

  it("live + orders on with a missing override file names the expanded absolute path", () => {
    expect(
      problems({ TRADING_MODE: "live", ORDERS_ENABLED: "1", LIVE_TRADING_OVERRIDE_FILE: "./no-such-file" }),
    ).toEqual([
      `TRADING_MODE=live with ORDERS_ENABLED=true requires override file at ${join(dir, "no-such-file")} (LIVE_TRADING_OVERRIDE_FILE)`,
    ]);
    expect(
      problems({ TRADING_MODE: "live", ORDERS_ENABLED: "1", LIVE_TRADING_OVERRIDE_FILE: "~/confirm-live" })[0],
    ).toContain(join(dir, "home", "confirm-live"));
  });

  it("live + orders on with an existing override file starts (tilde expanded)", () => {
    writeFileSync(join(dir, "ok-file"), "");
    const c = config({ TRADING_MODE: "live", ORDERS_ENABLED: "TRUE", LIVE_TRADING_OVERRIDE_FILE: "ok-file" });
    expect(c).toMatchObject({ tradingMode: "live", ordersEnabled: true, liveOverrideFile: join(dir, "ok-file") });
    const viaTilde = loadConfig({
      env: { TRADING_MODE: "live", ORDERS_ENABLED: "true", LIVE_TRADING_OVERRIDE_FILE: "~/ok-file" },
      cwd: dir,
      home: dir,
    });
    expect(viaTilde.ok && viaTilde.config.liveOverrideFile).toBe(join(dir, "ok-file"));
  });

  it("a CLI --live override is subject to the same interlock", () => {
    expect(problems({ ORDERS_ENABLED: "true" }, { overrides: { tradingMode: "live" } })[0]).toMatch(
      /^LIVE_TRADING_OVERRIDE_FILE must be set/,
    );
  });

  it("simulation forces paper, warns when live was asked for, and ignores the override file", () => {
    const result = load({ IBKR_MODE: "simulation", TRADING_MODE: "live", ORDERS_ENABLED: "true" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ mode: "simulation", tradingMode: "paper", gatewayPort: 4002, clientId: 1 });
    expect(result.config.limits.maxOrderNotional).toBeNull();
    expect(result.warnings).toEqual(["Simulation forces paper trading mode"]);
    expect(config({}, { overrides: { simulate: true } }).mode).toBe("simulation");
    expect(config({ IBKR_MODE: "paper" }).mode).toBe("paper");
  });
});

describe("network exposure interlock", () => {
  it("refuses a non-loopback bind without an API key", () => {
    expect(problems({ API_HOST: "0.0.0.0" })).toEqual([
      "API_HOST=0.0.0.0 is not a loopback address: set API_KEY before exposing the API beyond this machine",
    ]);
    expect(problems({ API_HOST: "0.0.0.0", API_KEY: "   " })).toHaveLength(1);
    expect(problems({}, { overrides: { apiHost: "192.168.1.5" } })[0]).toContain("set API_KEY");
  });

  it("allows loopback without a key and any host with a key", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
      expect(config({ API_HOST: host }).apiHost).toBe(host);
    }
    expect(config({ API_HOST: "0.0.0.0", API_KEY: "s3cret-s3cret-s3cret" }).apiKey).toBe("s3cret-s3cret-s3cret");
  });

  it("treats an empty API_KEY as unset", () => {
    expect(config({ API_KEY: "" }).apiKey).toBeNull();
  });
});

describe("variable parsing", () => {
  it.each([
    ["PAPER_GATEWAY_PORT", "abc", "PAPER_GATEWAY_PORT must be an integer between 1 and 65535, got 'abc'"],
    ["PAPER_GATEWAY_PORT", "0", "PAPER_GATEWAY_PORT must be an integer between 1 and 65535, got '0'"],
    ["PAPER_GATEWAY_PORT", "65536", "PAPER_GATEWAY_PORT must be an integer between 1 and 65535, got '65536'"],
    ["LIVE_GATEWAY_PORT", "40.5", "LIVE_GATEWAY_PORT must be an integer between 1 and 65535, got '40.5'"],
    ["PAPER_CLIENT_ID", "x1", "PAPER_CLIENT_ID must be an integer, got 'x1'"],
    ["LIVE_CLIENT_ID", "-1", "LIVE_CLIENT_ID must be an integer, got '-1'"],
    ["LIVE_CLIENT_ID", "2147483648", "LIVE_CLIENT_ID must be an integer, got '2147483648'"],
    ["TRADING_MODE", "invalid", "TRADING_MODE must be 'paper' or 'live', got 'invalid'"],
    ["IBKR_MODE", "demo", "IBKR_MODE must be 'simulation', 'paper' or 'live', got 'demo'"],
    ["API_PORT", "-5", "API_PORT must be an integer between 0 and 65535, got '-5'"],
    ["API_REQUEST_TIMEOUT", "0", "API_REQUEST_TIMEOUT must be a positive number, got '0'"],
    ["API_REQUEST_TIMEOUT", "soon", "API_REQUEST_TIMEOUT must be a positive number, got 'soon'"],
    ["MAX_ORDER_QUANTITY", "-3", "MAX_ORDER_QUANTITY must be a positive number, got '-3'"],
    ["MAX_ORDER_NOTIONAL", "lots", "MAX_ORDER_NOTIONAL must be a positive number, got 'lots'"],
    ["MAX_ORDERS_PER_MINUTE", "2.5", "MAX_ORDERS_PER_MINUTE must be a positive integer, got '2.5'"],
    ["MAX_OPEN_ORDERS", "0", "MAX_OPEN_ORDERS must be a positive integer, got '0'"],
    ["MAX_DAILY_LOSS", "Infinity", "MAX_DAILY_LOSS must be a positive number, got 'Infinity'"],
    ["SIM_WALK_MS", "-1", "SIM_WALK_MS must be a non-negative integer, got '-1'"],
    ["QUOTE_STREAM_IDLE_SEC", "-1", "QUOTE_STREAM_IDLE_SEC must be an integer from 0 to 86400, got '-1'"],
    ["QUOTE_STREAM_IDLE_SEC", "1.5", "QUOTE_STREAM_IDLE_SEC must be an integer from 0 to 86400, got '1.5'"],
    ["QUOTE_STREAM_IDLE_SEC", "86401", "QUOTE_STREAM_IDLE_SEC must be an integer from 0 to 86400, got '86401'"],
    ["QUOTE_STREAM_MAX_LINES", "0", "QUOTE_STREAM_MAX_LINES must be an integer from 1 to 100, got '0'"],
    ["QUOTE_STREAM_MAX_LINES", "101", "QUOTE_STREAM_MAX_LINES must be an integer from 1 to 100, got '101'"],
    ["STREAM_RETENTION_HOURS", "23", "STREAM_RETENTION_HOURS must be an integer from 24 to 8760, got '23'"],
    ["STREAM_MAX_QUOTE_LINES", "0", "STREAM_MAX_QUOTE_LINES must be an integer from 1 to 1000, got '0'"],
  ])("%s=%s is reported", (name, value, message) => {
    expect(problems({ [name]: value })).toEqual([message]);
  });

  it("reports every problem at once, in table order", () => {
    expect(problems({ TRADING_MODE: "invalid", PAPER_GATEWAY_PORT: "abc", SIM_WALK_MS: "x" })).toEqual([
      "TRADING_MODE must be 'paper' or 'live', got 'invalid'",
      "PAPER_GATEWAY_PORT must be an integer between 1 and 65535, got 'abc'",
      "SIM_WALK_MS must be a non-negative integer, got 'x'",
    ]);
  });

  it("parses valid numbers and lists", () => {
    const c = config({
      PAPER_GATEWAY_PORT: " 7497 ",
      PAPER_CLIENT_ID: "0",
      API_PORT: "0",
      API_REQUEST_TIMEOUT: "2.5",
      MAX_ORDER_QUANTITY: "10",
      MAX_ORDERS_PER_MINUTE: "5",
      MAX_OPEN_ORDERS: "3",
      MAX_DAILY_LOSS: "1000.50",
      SIM_WALK_MS: "1000",
      QUOTE_STREAM_IDLE_SEC: "60",
      QUOTE_STREAM_MAX_LINES: "100",
      SYMBOL_ALLOWLIST: " aapl, ,msft,AAPL,",
    });
    expect(c).toMatchObject({ gatewayPort: 7497, clientId: 0, apiPort: 0, apiRequestTimeoutSec: 2.5, simWalkMs: 1000 });
    expect(c).toMatchObject({ quoteStreamIdleSec: 60, quoteStreamMaxLines: 100 });
    expect(c.limits).toMatchObject({
      maxOrderQuantity: 10,
      maxOrdersPerMinute: 5,
      maxOpenOrders: 3,
      maxDailyLoss: 1000.5,
      symbolAllowlist: ["AAPL", "MSFT"],
    });
  });

  it.each([
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["1", true],
    [" true ", true],
    ["false", false],
    ["FALSE", false],
    ["0", false],
    ["", false],
  ])("ORDERS_ENABLED=%j is %s", (value, expected) => {
    expect(config({ ORDERS_ENABLED: value }).ordersEnabled).toBe(expected);
    expect(config({ REQUIRE_ORDER_CONFIRMATION: value }).requireOrderConfirmation).toBe(expected);
  });

  it.each(["yes", "no", "on", "off", "invalid", "2", "t"])("a boolean set to %j is a startup error", (value) => {
    expect(problems({ ORDERS_ENABLED: value, REQUIRE_ORDER_CONFIRMATION: value, METRICS_REQUIRE_KEY: value })).toEqual(
      expect.arrayContaining([
        `ORDERS_ENABLED must be one of true, false, 1, 0 (case-insensitive), got '${value}'`,
        `REQUIRE_ORDER_CONFIRMATION must be one of true, false, 1, 0 (case-insensitive), got '${value}'`,
        `METRICS_REQUIRE_KEY must be one of true, false, 1, 0 (case-insensitive), got '${value}'`,
      ]),
    );
  });

  it.each([
    ["debug", "DEBUG"],
    ["warn", "WARNING"],
    ["Warning", "WARNING"],
    ["critical", "CRITICAL"],
  ])("LOG_LEVEL=%s is %s", (value, expected) => {
    expect(config({ LOG_LEVEL: value }).logLevel).toBe(expected);
  });

  it("LOG_FORMAT is json or text; anything else in either is a startup error", () => {
    expect(config({ LOG_FORMAT: "TEXT" }).logFormat).toBe("text");
    expect(config({}).logFormat).toBe("json");
    expect(problems({ LOG_LEVEL: "verbose", LOG_FORMAT: "yaml" })).toEqual([
      "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (or WARN), case-insensitive, got 'verbose'",
      "LOG_FORMAT must be 'json' or 'text' (case-insensitive), got 'yaml'",
    ]);
  });

  it("reads the exposure limits: collar 10% by default (0 = off), position and daily off in paper", () => {
    expect(config({}).limits).toMatchObject({
      maxPriceDeviationPct: 10,
      maxQuoteAgeSec: 1200,
      maxPositionNotional: null,
      maxDailyNotional: null,
    });
    const set = config({
      MAX_PRICE_DEVIATION_PCT: "0",
      MAX_QUOTE_AGE_SEC: "60",
      MAX_POSITION_NOTIONAL: "20000",
      MAX_DAILY_NOTIONAL: "40000.5",
    });
    expect(set.limits).toMatchObject({
      maxPriceDeviationPct: null,
      maxQuoteAgeSec: 60,
      maxPositionNotional: 20000,
      maxDailyNotional: 40000.5,
    });
    expect(problems({ MAX_PRICE_DEVIATION_PCT: "-1", MAX_QUOTE_AGE_SEC: "1.5", MAX_DAILY_NOTIONAL: "lots" })).toEqual([
      "MAX_PRICE_DEVIATION_PCT must be a number >= 0, got '-1'",
      "MAX_DAILY_NOTIONAL must be a positive number, got 'lots'",
      "MAX_QUOTE_AGE_SEC must be a non-negative integer, got '1.5'",
    ]);
  });

  it("reports unwritable audit and kill-switch paths", () => {
    writeFileSync(join(dir, "blocker"), "");
    expect(problems({ AUDIT_DB_PATH: "blocker/sub/audit.db", KILL_SWITCH_FILE: "blocker/KS" })).toEqual([
      `AUDIT_DB_PATH is not writable: ${join(dir, "blocker", "sub", "audit.db")}`,
      `KILL_SWITCH_FILE is not writable: ${join(dir, "blocker", "KS")}`,
    ]);
  });

  it("creates parent directories of the audit database", () => {
    const c = config({ AUDIT_DB_PATH: "deep/er/audit.db" });
    expect(c.auditDbPath).toBe(join(dir, "deep", "er", "audit.db"));
  });
});

describe(".env and overrides", () => {
  it("loads .env from the working directory without overriding the environment", () => {
    writeFileSync(join(dir, ".env"), "PAPER_GATEWAY_PORT=7497\nAPI_PORT=9000\n# comment\nLOG_LEVEL=debug\n");
    const c = config({ API_PORT: "9100" });
    expect(c).toMatchObject({ gatewayPort: 7497, apiPort: 9100, logLevel: "DEBUG" });
    expect(config({ API_PORT: "9100" }, { dotenv: false }).gatewayPort).toBe(4002);
  });

  it("reports problems that come from .env like any other", () => {
    writeFileSync(join(dir, ".env"), "TRADING_MODE=sandbox\n");
    expect(problems({})).toEqual(["TRADING_MODE must be 'paper' or 'live', got 'sandbox'"]);
  });

  it("lets CLI flags override host, port, client id and API bind", () => {
    const c = config(
      { IBKR_GATEWAY_HOST: "gw.local", PAPER_GATEWAY_PORT: "4002" },
      { overrides: { gatewayHost: "10.0.0.2", gatewayPort: 7497, clientId: 42, apiPort: 8123 } },
    );
    expect(c).toMatchObject({ gatewayHost: "10.0.0.2", gatewayPort: 7497, clientId: 42, apiPort: 8123 });
  });

  it("formats problems as the contract's list", () => {
    expect(formatProblems(["a", "b"])).toBe("Configuration error:\n  - a\n  - b");
  });
});
