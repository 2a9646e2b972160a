// Bounds what a hostile client can cost: failed authentications are counted per client address in fixed windows
// (over the limit → 429 until the window ends), and refusals are audited once per address, reason and window
// instead of once per request. It keeps counts only; the app writes the rows and the answers.

export interface WindowClock {
  now(): number;
}

/** Distinct addresses tracked at most; beyond this, new addresses share one bucket (still bounded, still refused). */
const MAX_TRACKED = 10_000;
const OVERFLOW_KEY = "*";

interface Bucket {
  startedMs: number;
  count: number;
}

/** Fixed-window counters keyed by a string; an expired window starts over at its next use or sweep. */
export class WindowCounter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly windowMs: number,
    private readonly clock: WindowClock,
  ) {}

  /** Adds one to `key`'s current window and returns the bucket (count includes this one). */
  add(key: string): Readonly<Bucket> {
    const bucket = this.current(key) ?? this.open(key);
    bucket.count += 1;
    return bucket;
  }

  /** The count of `key` in its current window (0 when none). */
  count(key: string): number {
    return this.current(key)?.count ?? 0;
  }

  /** Milliseconds until `key`'s window ends (0 when it has none). */
  remainingMs(key: string): number {
    const bucket = this.current(key);
    return bucket === undefined ? 0 : bucket.startedMs + this.windowMs - this.clock.now();
  }

  /** Removes and returns every bucket whose window has ended (all of them with `all`). */
  drain(all = false): [string, Bucket][] {
    const now = this.clock.now();
    const ended = [...this.buckets].filter(([, b]) => all || b.startedMs + this.windowMs <= now);
    for (const [key] of ended) this.buckets.delete(key);
    return ended;
  }

  resolveKey(key: string): string {
    return this.buckets.has(key) || this.buckets.size < MAX_TRACKED ? key : OVERFLOW_KEY;
  }

  private current(key: string): Bucket | undefined {
    const bucket = this.buckets.get(this.resolveKey(key));
    if (bucket === undefined || bucket.startedMs + this.windowMs > this.clock.now()) return bucket;
    return undefined;
  }

  private open(key: string): Bucket {
    const bucket = { startedMs: this.clock.now(), count: 0 };
    this.buckets.set(this.resolveKey(key), bucket);
    return bucket;
  }
}

export interface RefusalSummary {
  reason: string;
  clientIp: string;
  method: string;
  path: string;
  /** 1 on the window's first row; the window's total on its closing row. */
  count: number;
  windowSec: number;
  /** The first refused request's correlation id; null on a closing row. */
  correlationId: string | null;
}

/**
 * Audits refusals once per (reason, address) and window: the first refusal at once (count 1), and when the window
 * ends, one closing row with the window's total if there was more than one. A flood costs at most two rows.
 */
export class RefusalAudit {
  private readonly windows: WindowCounter;
  private readonly firsts = new Map<string, Omit<RefusalSummary, "count" | "correlationId">>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly windowSec: number,
    clock: WindowClock,
    private readonly write: (summary: RefusalSummary) => void,
  ) {
    this.windows = new WindowCounter(windowSec * 1000, clock);
    this.timer = setInterval(() => this.flush(false), windowSec * 1000);
    this.timer.unref();
  }

  record(reason: string, clientIp: string, method: string, path: string, correlationId: string | null): void {
    const key = this.windows.resolveKey(`${reason}|${clientIp}`);
    this.flushKey(key);
    const bucket = this.windows.add(key);
    if (bucket.count === 1) {
      const first = { reason, clientIp, method, path, windowSec: this.windowSec };
      this.firsts.set(key, first);
      this.write({ ...first, count: 1, correlationId });
    }
  }

  /** Writes the pending counts of every window, ended or not (the server is closing). */
  close(): void {
    clearInterval(this.timer);
    this.flush(true);
  }

  private flushKey(key: string): void {
    if (this.windows.count(key) > 0 || !this.firsts.has(key)) return;
    this.flush(false);
  }

  private flush(all: boolean): void {
    for (const [key, bucket] of this.windows.drain(all)) {
      const first = this.firsts.get(key);
      this.firsts.delete(key);
      if (first !== undefined && bucket.count > 1) this.write({ ...first, count: bucket.count, correlationId: null });
    }
  }
}
