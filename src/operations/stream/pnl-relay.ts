// The `pnl` topic: a standing P&L subscription per managed account while at least one stream client listens, its
// updates passed on at most once per second per account (the newest value wins; the last one is never held back).
// Not durable: a client that reconnects gets the next update, and GET /account/pnl answers the current figures.
import type { Broker, PnlUpdate } from "../../broker/index.js";
import type { Clock } from "../context.js";

/** Updates per account are passed on at most this often. */
export const PNL_INTERVAL_MS = 1000;

/** One `pnl.update` envelope, already serialised. */
export type PnlEnvelopeListener = (accountId: string, json: string) => void;

interface AccountThrottle {
  lastSentMs: number;
  pending: PnlUpdate | null;
  timer: NodeJS.Timeout | null;
}

export class PnlRelay {
  private readonly listeners = new Set<PnlEnvelopeListener>();
  private readonly throttles = new Map<string, AccountThrottle>();
  private stopWatches: (() => void)[] = [];
  private offState: (() => void) | null = null;

  constructor(
    private readonly broker: Pick<Broker, "account" | "connection">,
    private readonly clock: Clock,
  ) {}

  /** Adds a listener; the first one starts the broker subscriptions. Returns the function that removes it. */
  listen(listener: PnlEnvelopeListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }

  /** One watch per managed account; before the broker named any, the default account's (resolved when ready). */
  private start(): void {
    const watchAll = () => {
      const accounts = this.broker.connection.managedAccounts;
      const targets: (string | null)[] = accounts.length > 0 ? [...accounts] : [null];
      this.stopWatches = targets.map((id) => this.broker.account.watchPnl(id, (update) => this.onUpdate(update)));
    };
    watchAll();
    if (this.broker.connection.managedAccounts.length === 0) {
      // Accounts become known at the first ready: watch each of them from then on.
      this.offState = this.broker.connection.onStateChange((status) => {
        if (status.state !== "ready" || this.broker.connection.managedAccounts.length === 0) return;
        this.offState?.();
        this.offState = null;
        for (const stop of this.stopWatches) stop();
        watchAll();
      });
    }
  }

  private stop(): void {
    this.offState?.();
    this.offState = null;
    for (const stop of this.stopWatches) stop();
    this.stopWatches = [];
    for (const throttle of this.throttles.values()) if (throttle.timer) clearTimeout(throttle.timer);
    this.throttles.clear();
  }

  private onUpdate(update: PnlUpdate): void {
    const now = this.clock.now();
    let throttle = this.throttles.get(update.accountId);
    if (!throttle) {
      throttle = { lastSentMs: Number.NEGATIVE_INFINITY, pending: null, timer: null };
      this.throttles.set(update.accountId, throttle);
    }
    const waitMs = throttle.lastSentMs + PNL_INTERVAL_MS - now;
    if (waitMs <= 0 && throttle.timer === null) return this.emit(throttle, update);
    throttle.pending = update;
    if (throttle.timer !== null) return;
    const held = throttle;
    throttle.timer = setTimeout(
      () => {
        held.timer = null;
        const next = held.pending;
        held.pending = null;
        if (next) this.emit(held, next);
      },
      Math.max(0, waitMs),
    );
  }

  private emit(throttle: AccountThrottle, update: PnlUpdate): void {
    throttle.lastSentMs = this.clock.now();
    const { accountId, daily, unrealized, realized } = update;
    const json = JSON.stringify({
      seq: null,
      topic: "pnl",
      type: "pnl.update",
      time: new Date(throttle.lastSentMs).toISOString(),
      data: { accountId, daily, unrealized, realized },
    });
    for (const listener of this.listeners) listener(accountId, json);
  }
}
