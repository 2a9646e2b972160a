// Process-wide state of the order pipeline: confirmation tokens, the orders-per-minute windows (global and per API
// key), per-key locks and
// the count of placements in flight (the event recorder holds back events of orders not stored yet).
// Built once by the composition root; operations reach it as `services.orders`.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { SlidingWindow } from "../../safety/index.js";
import { BackgroundWrites } from "../background-writes.js";
import { ConfirmationTokens } from "./confirmation-token.js";
import { KeyedLock } from "./keyed-lock.js";
import { KeyUsage } from "./key-usage.js";

const RATE_WINDOW_MS = 60_000;
/** Lock key of the open-orders check: counting and sending must not interleave between two requests. */
export const OPEN_ORDERS_LOCK = "\u0000open-orders";

export class OrderRuntime {
  readonly tokens: ConfirmationTokens;
  readonly rateWindow = new SlidingWindow(RATE_WINDOW_MS);
  /** Per-key order rate and today's notional of the named API keys (in memory, this process only). */
  readonly keyUsage = new KeyUsage();
  /** One placement per clientOrderId at a time, and the open-orders section. */
  readonly locks = new KeyedLock();
  /** This process in the journal's `owner` column: host, pid and a random part (pids are reused). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  /** Store writes running in the background (event recording, outcome retries); shutdown drains them. */
  readonly writes = new BackgroundWrites();
  /** clientOrderIds this process is placing right now (claimed and not yet settled). */
  readonly placing = new Set<string>();
  private inFlight = 0;
  private settledCount = 0;
  private readonly settled = new Set<() => void>();

  constructor(tokens: ConfirmationTokens = new ConfirmationTokens()) {
    this.tokens = tokens;
  }

  /** Placements ended (and reconciliations that wrote rows) so far: a changed count means rows may have appeared. */
  get placementsSettled(): number {
    return this.settledCount;
  }

  get placementsInFlight(): number {
    return this.inFlight;
  }

  /** Marks a placement as started; the returned function ends it once its order_history rows are written. */
  beginPlacement(): () => void {
    this.inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
      this.settledCount += 1;
      for (const listener of this.settled) listener();
    };
  }

  /** Tells the event recorder that order rows were written outside a placement (reconciliation). */
  rowsWritten(): void {
    this.settledCount += 1;
    for (const listener of this.settled) listener();
  }

  /** Called after each placement ends; returns the unsubscribe function. */
  onPlacementSettled(listener: () => void): () => void {
    this.settled.add(listener);
    return () => this.settled.delete(listener);
  }
}
