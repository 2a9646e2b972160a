// Shared plumbing of the account streams (positions, account updates, PnL): subscribe to the account signal, push at
// most once per interval, and send only rows whose content changed since the last push.

import type { Connection } from "../connection.js";
import type { SimContext } from "../context.js";
import { Throttle } from "../resources.js";

/** TWS pushes PnL and portfolio changes about once a second. */
export const ACCOUNT_PUSH_INTERVAL_MS = 1_000;

/** Registers `push` under `key`, runs it once now and again (throttled) whenever account figures may have moved. */
export function streamAccount(c: Connection, ctx: SimContext, key: string, push: () => void): void {
  const throttle = new Throttle(c.timers, ACCOUNT_PUSH_INTERVAL_MS, push);
  const unsubscribe = ctx.accountChanged.subscribe(() => throttle.trigger());
  c.subscriptions.add(key, () => {
    unsubscribe();
    throttle.dispose();
  });
  throttle.trigger();
}

/** Keeps the last row sent per key, to send only what changed and to notice rows that disappeared. */
export class RowMemory<T> {
  private readonly sent = new Map<string, { text: string; row: T }>();

  /** Rows whose content differs from the last one sent under the same key (all rows the first time). */
  fresh(rows: readonly T[], keyOf: (row: T) => string): T[] {
    return rows.filter((row) => {
      const key = keyOf(row);
      const text = JSON.stringify(row);
      if (this.sent.get(key)?.text === text) return false;
      this.sent.set(key, { text, row });
      return true;
    });
  }

  /** Rows sent before whose key is missing from `rows` now; they are forgotten. */
  vanished(rows: readonly T[], keyOf: (row: T) => string): T[] {
    const present = new Set(rows.map(keyOf));
    const gone = [...this.sent.entries()].filter(([key]) => !present.has(key));
    for (const [key] of gone) this.sent.delete(key);
    return gone.map(([, entry]) => entry.row);
  }
}
