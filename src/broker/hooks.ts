// Injectable collaborators of the broker adapter: clock and timers, randomness, a logger and a metrics sink.
// Structural types only, so the adapter stays decoupled from src/obs; the composition root passes the real ones.

export type TimerHandle = unknown;

/** Wall clock plus timers; tests inject a fake one to drive timeouts and backoff without sleeping. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A pending broker timeout must never keep a CLI process alive on its own.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type LogFields = Readonly<Record<string, unknown>>;

/** The subset of the gateway logger the adapter uses. */
export interface BrokerLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warning(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type OperationStatus = "success" | "error" | "timeout";

/** The metric series the adapter feeds. */
export interface BrokerMetrics {
  inc(name: "contract_cache_total", labels: { result: "hit" | "miss" }): void;
  inc(name: "ibkr_reconnects_total", labels: Record<string, never>): void;
  ibkrOperation(operation: string, status: OperationStatus, seconds: number): void;
}

const noop = (): void => undefined;

export const silentLogger: BrokerLogger = { debug: noop, info: noop, warning: noop, error: noop };
export const nullMetrics: BrokerMetrics = { inc: noop, ibkrOperation: noop };
