// Per-connection bookkeeping of everything that must die with the socket: subscriptions (keyed, each with its own
// disposer) and timers. Closing a connection disposes both, so nothing outlives it; counts feed the leak assertions.

export type Disposer = () => void;

export class Timers {
  private readonly active = new Set<NodeJS.Timeout>();

  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): Disposer {
    const handle = setTimeout(() => {
      this.active.delete(handle);
      fn();
    }, ms);
    this.active.add(handle);
    return () => {
      clearTimeout(handle);
      this.active.delete(handle);
    };
  }

  get size(): number {
    return this.active.size;
  }

  clearAll(): void {
    for (const handle of this.active) clearTimeout(handle);
    this.active.clear();
  }
}

/** Live subscriptions of one connection, keyed like `mkt:12` or `pnl:17`. */
export class Subscriptions {
  private readonly byKey = new Map<string, Disposer>();

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Registers a subscription; an existing one under the same key is disposed first. */
  add(key: string, dispose: Disposer): void {
    this.remove(key);
    this.byKey.set(key, dispose);
  }

  /** Disposes and forgets a subscription; false when there was none. */
  remove(key: string): boolean {
    const dispose = this.byKey.get(key);
    if (!dispose) return false;
    this.byKey.delete(key);
    dispose();
    return true;
  }

  /** Keys starting with `prefix`, e.g. every market-data line. */
  keys(prefix = ""): string[] {
    return [...this.byKey.keys()].filter((k) => k.startsWith(prefix));
  }

  get size(): number {
    return this.byKey.size;
  }

  disposeAll(): void {
    for (const key of [...this.byKey.keys()]) this.remove(key);
  }
}

/**
 * Pushes at most once per interval: the first trigger pushes at once, triggers during the cool-down are merged into
 * one push when it ends. Used for PnL and account streams (TWS sends those about once a second).
 */
export class Throttle {
  private cooling: Disposer | undefined;
  private dirty = false;

  constructor(
    private readonly timers: Timers,
    private readonly intervalMs: number,
    private readonly push: () => void,
  ) {}

  trigger(): void {
    if (this.cooling) {
      this.dirty = true;
      return;
    }
    this.push();
    this.cooling = this.timers.after(this.intervalMs, () => {
      this.cooling = undefined;
      if (this.dirty) {
        this.dirty = false;
        this.trigger();
      }
    });
  }

  dispose(): void {
    this.cooling?.();
    this.cooling = undefined;
    this.dirty = false;
  }
}
