// Composition root: the only place that constructs and wires the gateway's parts (config → logger, metrics, audit
// store, kill switch, broker, operations, HTTP app). Entry points (src/cli) call it; nothing else imports it.
import type { GatewayConfig } from "./config/index.js";
import { createLogger, Metrics, type Logger } from "./obs/index.js";
import { KillSwitchService } from "./operations/index.js";
import { openAuditStore, type AuditStore } from "./store/index.js";

export type LogDestination = "stdout" | "stderr";

export interface LocalServices {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: AuditStore;
  readonly killSwitch: KillSwitchService;
  close(): void;
}

export function createProcessLogger(config: GatewayConfig, destination: LogDestination): Logger {
  return createLogger({ level: config.logLevel, format: config.logFormat, destination });
}

/** Audit store, logs, metrics and the kill switch, without a broker connection (CLI admin commands). */
export function openLocalServices(config: GatewayConfig, destination: LogDestination = "stderr"): LocalServices {
  const logger = createProcessLogger(config, destination);
  const metrics = new Metrics({ defaultMetrics: false });
  const store = openAuditStore(config.auditDbPath, {
    onAppendError: (error, entry) => {
      metrics.inc("audit_write_failures_total", {});
      logger.error("Audit write failed", { error, event_type: entry.eventType });
    },
  });
  const killSwitch = new KillSwitchService({ path: config.killSwitchFile, store, logger, metrics, clock: Date });
  return { config, logger, metrics, store, killSwitch, close: () => store.close() };
}
