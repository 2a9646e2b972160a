// Outgoing message pacing with a priority lane. Order traffic (place, cancel) goes out at once; data requests share a
// budget of `dataPerSecond` messages in any one-second window (orders count against it too), below IB's 50 msg/s.
// The first half of the budget in a window goes out at once (bursts stay fast); beyond that, data requests are spaced
// 1/dataPerSecond seconds apart. So a sustained load runs evenly at the budget instead of alternating a full burst with
// a stall of up to a second, and quotes that queue meanwhile can share one snapshot. The library's own limiter is set
// high and never binds.
import type { Clock, TimerHandle } from "./hooks.js";

const WINDOW_MS = 1000;

export class Pacer {
  private readonly sentAt: number[] = [];
  private readonly queue: Array<() => void> = [];
  private readonly spacingMs: number;
  private readonly burst: number;
  private lastDataMs = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly dataPerSecond = 40,
  ) {
    this.spacingMs = WINDOW_MS / dataPerSecond;
    this.burst = Math.max(1, Math.floor(dataPerSecond / 2));
  }

  /** Orders and cancels: never wait behind data requests, but count against the budget. */
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
    while (this.queue.length > 0) {
      const now = this.clock.now();
      const waitMs = this.waitMs(now);
      if (waitMs > 0) {
        this.schedule(waitMs);
        return;
      }
      this.lastDataMs = now;
      this.record();
      this.queue.shift()?.();
    }
  }

  /** How long the next data request must wait: for a free slot in the window and, past the burst, for its spacing. */
  private waitMs(now: number): number {
    const horizon = now - WINDOW_MS;
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= horizon) this.sentAt.shift();
    const inWindow = this.sentAt.length;
    const windowWait =
      inWindow < this.dataPerSecond ? 0 : (this.sentAt[inWindow - this.dataPerSecond] ?? now) + WINDOW_MS - now;
    const spacingWait = inWindow < this.burst ? 0 : this.lastDataMs + this.spacingMs - now;
    return Math.max(windowWait, spacingWait);
  }

  private schedule(waitMs: number): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.drain();
      },
      Math.max(1, Math.ceil(waitMs)),
    );
  }

  private record(): void {
    this.sentAt.push(this.clock.now());
  }
}
