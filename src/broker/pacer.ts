// Outgoing message pacing with a priority lane. Order traffic (place, cancel) goes out at once; data requests draw
// on a token bucket that refills at `dataPerSecond` and holds at most `burst` tokens. A quiet connection sends at
// once; a busy one sends evenly spaced instead of in bursts followed by a stall of up to a second (which also lets
// quotes queued meanwhile share one snapshot); and no one-second window carries more than burst + dataPerSecond data
// messages (45 with the defaults, under IB's 50 msg/s). The library's own limiter is set high and never binds.
import type { Clock, TimerHandle } from "./hooks.js";

const DEFAULT_BURST = 5;

export class Pacer {
  private readonly queue: Array<() => void> = [];
  private readonly burst: number;
  private tokens: number;
  private refilledAt: number;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly dataPerSecond = 40,
    burst = DEFAULT_BURST,
  ) {
    this.burst = Math.max(1, Math.min(burst, dataPerSecond));
    this.tokens = this.burst;
    this.refilledAt = clock.now();
  }

  /** Orders and cancels: never wait behind data requests, but count against the budget the data requests share. */
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
      const waitMs = Math.ceil(((1 - this.tokens) * 1000) / this.dataPerSecond);
      this.timer = this.clock.setTimeout(
        () => {
          this.timer = null;
          this.drain();
        },
        Math.max(1, waitMs),
      );
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.dataPerSecond) / 1000);
    this.refilledAt = now;
  }
}
