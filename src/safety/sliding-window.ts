// Counts events in a sliding time window (the orders-per-minute limit). Reservations are synchronous, so two
// concurrent submissions cannot both take the last slot; a reservation that never reached the broker is released.

export class SlidingWindow {
  private readonly times: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** Events within the window ending at `nowMs`. */
  count(nowMs: number): number {
    this.prune(nowMs);
    return this.times.length;
  }

  /** Records an event if fewer than `max` are in the window; returns a release function, or null when full. */
  tryReserve(nowMs: number, max: number | null): (() => void) | null {
    this.prune(nowMs);
    if (max !== null && this.times.length >= max) return null;
    this.times.push(nowMs);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const i = this.times.indexOf(nowMs);
      if (i >= 0) this.times.splice(i, 1);
    };
  }

  private prune(nowMs: number): void {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= nowMs - this.windowMs) this.times.shift();
  }
}
