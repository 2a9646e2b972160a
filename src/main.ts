// Composition root: the only place that constructs and wires the gateway's parts (config → logger, metrics, audit
// store, kill switch, broker, embedded simulator, HTTP app). Entry points (src/cli) call it; nothing else imports it.
import type { FastifyInstance } from "fastify";
import { buildApp } from "./api/app.js";
import { Broker } from "./broker/index.js";
import type { GatewayConfig } from "./config/index.js";
import { createLogger, Metrics, type Logger } from "./obs/index.js";
import {
  DailyLossGuard,
  EventHub,
  KillSwitchService,
  OrderRuntime,
  PnlRelay,
  QuoteFanout,
  recordConnectionEvents,
  recordOrderEvents,
  startApprovalSweeper,
  recordPositionEvents,
  startReconciliation,
  type GatewayServices,
} from "./operations/index.js";
import { startSimulator, type RunningSimulator } from "./sim/index.js";
import { openStore as openBackend, type Store } from "./store/index.js";

export type LogDestination = "stdout" | "stderr" | { write(line: string): unknown };

export interface LocalServices {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: Store;
  readonly killSwitch: KillSwitchService;
  close(): Promise<void>;
}

export function createProcessLogger(config: GatewayConfig, destination: LogDestination): Logger {
  return createLogger({ level: config.logLevel, format: config.logFormat, destination });
}

function openStore(config: GatewayConfig, logger: Logger, metrics: Metrics): Promise<Store> {
  return openBackend({
    sqlitePath: config.auditDbPath,
    databaseUrl: config.databaseUrl,
    hmacKeyFile: config.http.auditHmacKeyFile,
    onConnectionError: (error) => logger.warning("Store connection lost; reconnecting", { error }),
    eventRetentionMs: config.streamRetentionHours * 60 * 60 * 1000,
    onAppendError: (error, entry) => {
      metrics.inc("audit_write_failures_total", {});
      logger.error("Audit write failed", { error, event_type: entry.eventType });
    },
  });
}

/** Audit store, logs, metrics and the kill switch, without a broker connection (CLI admin commands). */
export async function openLocalServices(
  config: GatewayConfig,
  destination: LogDestination = "stderr",
): Promise<LocalServices> {
  const logger = createProcessLogger(config, destination);
  const metrics = new Metrics({ defaultMetrics: false });
  const store = await openStore(config, logger, metrics);
  const killSwitch = new KillSwitchService({ path: config.killSwitchFile, store, logger, metrics, clock: Date });
  await killSwitch.load();
  return {
    config,
    logger,
    metrics,
    store,
    killSwitch,
    close: async () => {
      await killSwitch.stop();
      await store.close();
    },
  };
}

export interface GatewayOptions {
  logDestination?: LogDestination;
  /** CLI commands keep stderr quiet: INFO lines are dropped unless LOG_LEVEL=DEBUG asks for everything. */
  quietInfo?: boolean;
  /** Watch the daily loss (MAX_DAILY_LOSS) with a standing P&L subscription; default true. One-shot CLI commands
   *  leave it to the long-running server. */
  dailyLossGuard?: boolean;
  /** Shortens the reconnect schedule (tests); production uses the standard schedule. */
  backoffMs?: (attempt: number) => number;
}

/** Everything but the HTTP app: what CLI commands that talk to the broker run with. */
export interface GatewayCore {
  readonly config: GatewayConfig;
  readonly services: GatewayServices;
  /** The embedded simulator in simulation mode, else undefined. */
  readonly simulator: RunningSimulator | undefined;
  /** The MAX_DAILY_LOSS guard (inert when the limit is not set). */
  readonly dailyLoss: DailyLossGuard;
  /** Starts connecting to the broker in the background, watching the kill switch file and the daily P&L. */
  start(): void;
  stop(): Promise<void>;
}

export interface Gateway extends GatewayCore {
  readonly app: FastifyInstance;
}

/** Builds the services; in simulation mode starts the embedded simulator first and points the broker at it. */
export async function createGatewayCore(base: GatewayConfig, options: GatewayOptions = {}): Promise<GatewayCore> {
  const simulator =
    base.mode === "simulation"
      ? await startSimulator({ port: 0, host: "127.0.0.1", seed: 42, account: "DU1234567", walkMs: base.simWalkMs })
      : undefined;
  const config = simulator
    ? Object.freeze({ ...base, gatewayHost: simulator.host, gatewayPort: simulator.port })
    : base;
  const level = options.quietInfo && config.logLevel === "INFO" ? "WARNING" : config.logLevel;
  const logger = createLogger({ level, format: config.logFormat, destination: options.logDestination ?? "stdout" });
  const metrics = new Metrics({ symbolAllowlist: config.limits.symbolAllowlist });
  const store = await openStore(config, logger, metrics);
  const broker = new Broker({
    host: config.gatewayHost,
    port: config.gatewayPort,
    clientId: config.clientId,
    logger: logger.child("broker"),
    metrics,
    quoteStreamIdleMs: config.quoteStreamIdleSec * 1000,
    quoteStreamMaxLines: config.quoteStreamMaxLines,
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  const killSwitch = new KillSwitchService({
    path: config.killSwitchFile,
    store,
    logger,
    metrics,
    clock: Date,
    broker,
  });
  await killSwitch.load();
  const dailyLoss = new DailyLossGuard({ maxDailyLoss: config.limits.maxDailyLoss, broker, killSwitch, logger });
  const orders = new OrderRuntime();
  const events = new EventHub(store, logger);
  await events.start();
  const quotes = new QuoteFanout(broker, Date, { maxLines: config.streamMaxQuoteLines });
  const pnl = new PnlRelay(broker, Date);
  const services: GatewayServices = {
    config,
    broker,
    store,
    logger,
    metrics,
    killSwitch,
    clock: Date,
    orders,
    events,
    quotes,
    pnl,
  };
  const stopRecording = recordConnectionEvents(services);
  const stopOrderEvents = recordOrderEvents(services);
  const stopPositionEvents = recordPositionEvents(services);
  const stopReconciling = startReconciliation(services);
  const stopSweeping = startApprovalSweeper(services);
  return {
    config,
    services,
    simulator,
    dailyLoss,
    start() {
      broker.start();
      killSwitch.start();
      if (options.dailyLossGuard ?? true) dailyLoss.start();
    },
    async stop() {
      stopRecording();
      stopReconciling();
      stopSweeping();
      stopPositionEvents();
      quotes.close();
      pnl.close();
      dailyLoss.stop();
      // The broker reports executions still waiting for their commission as it stops: record them, then stop.
      broker.stop();
      stopOrderEvents();
      events.close();
      await killSwitch.stop();
      await orders.writes.drain();
      await store.close();
      await simulator?.stop();
    },
  };
}

/** The whole gateway: services plus the HTTP app (not listening yet). */
export async function createGateway(base: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const core = await createGatewayCore(base, options);
  const app = await buildApp({ services: core.services });
  return {
    ...core,
    app,
    async stop() {
      await app.close();
      await core.stop();
    },
  };
}
