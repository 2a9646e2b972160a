// Outgoing message pacing with a priority lane. Order traffic (place, cancel) goes out at once; data requests draw on
// a token bucket that holds at most `burst` tokens and refills at `dataPerSecond`, and orders take their token too.
// A quiet connection sends a burst (a placement, a P&L fan-out) at once; a busy one sends evenly spaced, never a full
// burst followed by a stall, so quotes queued meanwhile can share one snapshot. No one-second window carries more than
// burst + dataPerSecond data messages (45 with the defaults, under IB's 50 per second). The library's own limiter is
// set high and never binds.
import type { Clock, TimerHandle } from "./hooks.js";

export interface PacingOptions {
  /** Data requests per second once the burst is spent. */
  dataPerSecond: number;
  /** Data requests a quiet connection sends at once. */
  burst: number;
}

export const DEFAULT_PACING: PacingOptions = { dataPerSecond: 35, burst: 10 };

export class Pacer {
  private readonly queue: Array<() => void> = [];
  private readonly dataPerSecond: number;
  private readonly burst: number;
  private tokens: number;
  private refilledAt: number;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    { dataPerSecond, burst }: PacingOptions = DEFAULT_PACING,
  ) {
    this.dataPerSecond = dataPerSecond;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.refilledAt = clock.now();
  }

  /** Orders and cancels: never wait behind data requests, but take a token like them. */
  urgent(send: () => void): void {
    this.refill();
    this.tokens -= 1;
    send();
  }

  /** Data requests: sent now while a token is available, else queued in arrival order. */
  data(send: () => void): void {
    this.queue.push(send);
    this.drain();
  }

  /** Drops queued sends; used when the session they belong to is gone. */
  clear(): void {
    this.queue.length = 0;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()?.();
    }
    if (this.queue.length > 0 && this.timer === null) {
      const waitMs = ((1 - this.tokens) * 1000) / this.dataPerSecond;
      this.timer = this.clock.setTimeout(
        () => {
          this.timer = null;
          this.drain();
        },
        Math.max(1, Math.ceil(waitMs)),
      );
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.dataPerSecond) / 1000);
    this.refilledAt = now;
  }
}
