// Outgoing message pacing with a priority lane: order traffic (place, cancel) goes out at once, data requests
// share a per-second budget below IB's 50 msg/s limit. The library's own limiter is set high and never binds.
import type { Clock, TimerHandle } from "./hooks.js";

const WINDOW_MS = 1000;

export class Pacer {
  private readonly sentAt: number[] = [];
  private readonly queue: Array<() => void> = [];
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly dataPerSecond = 40,
  ) {}

  /** Orders and cancels: never wait behind a burst of data requests. */
  urgent(send: () => void): void {
    this.record();
    send();
  }

  /** Data requests: sent now while the budget allows, else queued in arrival order. */
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
    while (this.queue.length > 0 && this.budgetLeft()) {
      this.record();
      this.queue.shift()?.();
    }
    if (this.queue.length > 0 && this.timer === null) {
      const oldest = this.sentAt[0] ?? this.clock.now();
      this.timer = this.clock.setTimeout(
        () => {
          this.timer = null;
          this.drain();
        },
        Math.max(1, oldest + WINDOW_MS - this.clock.now()),
      );
    }
  }

  private budgetLeft(): boolean {
    const horizon = this.clock.now() - WINDOW_MS;
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= horizon) this.sentAt.shift();
    return this.sentAt.length < this.dataPerSecond;
  }

  private record(): void {
    this.sentAt.push(this.clock.now());
  }
}
