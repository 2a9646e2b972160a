// A manual clock for tests: time moves only when the test calls advance(), which fires due timers in order.
import type { Clock, TimerHandle } from "../../../src/broker/hooks.js";

interface Timer {
  id: number;
  dueMs: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private nowMs = Date.UTC(2026, 0, 5, 15, 0, 0)) {}

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, dueMs: this.nowMs + ms, callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pendingTimers(): number[] {
    return this.timers.map((t) => t.dueMs - this.nowMs);
  }

  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.dueMs <= target).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = due.dueMs;
      due.callback();
    }
    this.nowMs = target;
  }
}
