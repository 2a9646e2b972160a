// The timing of connect attempts: one timer that is either the current attempt's connect timeout or the
// backoff delay before the next attempt, the attempt counter the backoff grows with, and the connect metric.
// It decides nothing about states; the connection tells it when an attempt began, succeeded or failed.
import { backoffDelayMs } from "./backoff.js";
import type { BrokerMetrics, Clock, OperationStatus, TimerHandle } from "./hooks.js";

export interface ConnectAttemptsOptions {
  clock: Clock;
  random: () => number;
  metrics: BrokerMetrics;
  /** Socket up to ready. */
  connectTimeoutMs: number;
  /** Delay before reconnect attempt n (0-based); default: backoff with jitter. */
  backoffMs?: (attempt: number) => number;
}

export class ConnectAttempts {
  /** The most specific failure seen during the current attempt (326, refused …). */
  failure: string | null = null;
  private timer: TimerHandle | null = null;
  private attempt = 0;
  private startedMs = 0;

  constructor(private readonly options: ConnectAttemptsOptions) {}

  /** A new attempt: forgets the previous failure and arms the connect timeout. */
  begin(onTimeout: () => void): void {
    this.cancel();
    this.failure = null;
    this.startedMs = this.options.clock.now();
    this.arm(onTimeout, this.options.connectTimeoutMs);
  }

  /** The attempt reached ready: metered, and the backoff starts again from its first delay. */
  succeeded(): void {
    this.cancel();
    this.attempt = 0;
    this.meter("success");
  }

  /** The attempt ended without ready (socket closed or timed out). */
  failed(status: Exclude<OperationStatus, "success">): void {
    this.cancel();
    this.meter(status);
  }

  /** Schedules `connect` after the next backoff delay; false when an attempt is already scheduled. */
  scheduleNext(connect: () => void): boolean {
    if (this.timer !== null) return false;
    const { backoffMs, random } = this.options;
    const delay = backoffMs ? backoffMs(this.attempt) : backoffDelayMs(this.attempt, random);
    this.attempt += 1;
    this.arm(connect, delay);
    return true;
  }

  cancel(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(callback: () => void, delayMs: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      callback();
    }, delayMs);
  }

  private meter(status: OperationStatus): void {
    const seconds = (this.options.clock.now() - this.startedMs) / 1000;
    this.options.metrics.ibkrOperation("connect", status, seconds);
  }
}
