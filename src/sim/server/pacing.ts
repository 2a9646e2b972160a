// IB's historical-data pacing rules for small bars: no identical request
// within 15 s, at most 6 requests for the same contract, exchange and data type within 2 s, at most 60 requests in any
// 10 minutes. Counted per connection. Pure bookkeeping on an injected clock; the session turns a refusal into error 162.

import type { Clock } from "../market/index.js";

const IDENTICAL_WINDOW_MS = 15_000;
const SAME_CONTRACT_WINDOW_MS = 2_000;
const SAME_CONTRACT_LIMIT = 6;
const TOTAL_WINDOW_MS = 600_000;
const TOTAL_LIMIT = 60;

export interface PacedRequest {
  /** Everything that makes two requests identical (contract, end, duration, bar size, data type, RTH). */
  identity: string;
  /** Contract + exchange + data type. */
  contractKey: string;
}

interface Entry extends PacedRequest {
  atMs: number;
}

export class HistoricalPacing {
  private entries: Entry[] = [];

  constructor(private readonly clock: Clock) {}

  /** Records the request and returns true, or returns false (and records nothing) when it breaks a rule. */
  admit(request: PacedRequest): boolean {
    const now = this.clock.now();
    this.entries = this.entries.filter((e) => now - e.atMs < TOTAL_WINDOW_MS);
    const within = (ms: number) => this.entries.filter((e) => now - e.atMs < ms);
    if (within(IDENTICAL_WINDOW_MS).some((e) => e.identity === request.identity)) return false;
    if (
      within(SAME_CONTRACT_WINDOW_MS).filter((e) => e.contractKey === request.contractKey).length >= SAME_CONTRACT_LIMIT
    ) {
      return false;
    }
    if (this.entries.length >= TOTAL_LIMIT) return false;
    this.entries.push({ ...request, atMs: now });
    return true;
  }

  reset(): void {
    this.entries = [];
  }
}

const SMALL_BAR_MAX_SECONDS = 30;

/** IB paces only bars of 30 seconds or less: `1 secs` … `30 secs`. */
export function isSmallBar(barSize: string): boolean {
  const match = /^\s*(\d+)\s*secs?\s*$/i.exec(barSize);
  return match !== null && Number(match[1]) <= SMALL_BAR_MAX_SECONDS;
}

/** One pacing window per connection, held weakly so a closed connection's window goes with it. */
export class ConnectionPacing {
  private windows = new WeakMap<object, HistoricalPacing>();

  constructor(private readonly clock: Clock) {}

  of(connection: object): HistoricalPacing {
    let pacing = this.windows.get(connection);
    if (!pacing) {
      pacing = new HistoricalPacing(this.clock);
      this.windows.set(connection, pacing);
    }
    return pacing;
  }

  /** Forgets every connection's window. */
  reset(): void {
    this.windows = new WeakMap();
  }
}
