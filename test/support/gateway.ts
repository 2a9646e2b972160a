// Starts the real gateway (createGateway: embedded simulator over TCP, broker adapter, SQLite store in a temp dir,
// Fastify app) for integration tests, waits until the broker is ready, and tears everything down.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type ConfigOverrides } from "../../src/config/index.js";
import { createGateway, type Gateway } from "../../src/main.js";

export interface TestGateway extends Gateway {
  readonly dir: string;
  /** Log lines written while the gateway ran. */
  readonly logs: string[];
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Extra environment (e.g. ORDERS_ENABLED, API_KEY, MAX_ORDER_QUANTITY). */
  env?: Record<string, string>;
  overrides?: ConfigOverrides;
  /** Embedded simulator (default). false = point at `gatewayPort` (e.g. a standalone simulator or nothing). */
  simulate?: boolean;
  /** Pin AAPL to bid 99 / ask 101 / last 100; default true in simulation. */
  pinAapl?: boolean;
  /** Wait for the broker connection to be ready (default true in simulation). */
  waitReady?: boolean;
  /** Reuse a directory (audit database and kill switch file survive a restart). */
  dir?: string;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const simulate = options.simulate ?? true;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "gw-"));
  const env = {
    AUDIT_DB_PATH: join(dir, "audit.db"),
    KILL_SWITCH_FILE: join(dir, "KILL_SWITCH"),
    LOG_LEVEL: "DEBUG",
    ...(simulate ? { IBKR_MODE: "simulation" } : {}),
    ...options.env,
  };
  const result = loadConfig({
    env,
    cwd: dir,
    dotenv: false,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  if (!result.ok) throw new Error(`test configuration invalid: ${result.problems.join("; ")}`);
  const logs: string[] = [];
  const gateway = await createGateway(result.config, {
    logDestination: { write: (line: string) => logs.push(line) },
    backoffMs: () => 50,
  });
  gateway.start();
  if (simulate && (options.pinAapl ?? true))
    gateway.simulator?.control.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
  if (options.waitReady ?? simulate) await gateway.services.broker.connection.waitUntilReady(10_000);
  return {
    ...gateway,
    start: gateway.start,
    stop: gateway.stop,
    dir,
    logs,
    async close() {
      await gateway.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
