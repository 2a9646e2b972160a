// The MAX_DAILY_LOSS guard: keeps the default account's P&L subscription open while connected and
// trips the kill switch (source `auto`) when the daily P&L reaches −MAX_DAILY_LOSS. It never lifts the switch; the
// activation itself (file, global cancel, audit, gauge, log) is the kill switch service's.
import type { PnlListener, PnlUpdate } from "../broker/index.js";
import type { Logger } from "../obs/index.js";
import type { OperationContext } from "./context.js";
import type { KillSwitchService } from "./kill-switch.js";

/** The part of the broker the guard needs (the Broker satisfies it). */
export interface DailyLossBroker {
  readonly account: { watchPnl(accountId: string | null, listener: PnlListener): () => void };
}

export interface DailyLossGuardDeps {
  /** MAX_DAILY_LOSS in the account's base currency; null = no guard. */
  maxDailyLoss: number | null;
  broker: DailyLossBroker;
  killSwitch: Pick<KillSwitchService, "current" | "activate">;
  logger: Logger;
}

/** Automatic kill-switch rows carry no correlation id. */
const SYSTEM: OperationContext = { interface: "system", correlationId: null };

/** The kill switch reason of a breach, e.g. `Daily loss limit breached: dailyPnL -1234.50 <= -1000.00`. */
export function dailyLossReason(dailyPnl: number, maxDailyLoss: number): string {
  return `Daily loss limit breached: dailyPnL ${dailyPnl.toFixed(2)} <= -${maxDailyLoss.toFixed(2)}`;
}

export class DailyLossGuard {
  private stopWatch: (() => void) | undefined;
  private latest: PnlUpdate | null = null;
  /** Set at a breach so the switch trips once; cleared when the daily P&L is back above the limit. */
  private breached = false;

  constructor(private readonly deps: DailyLossGuardDeps) {}

  /** The last daily P&L the broker reported, or null before the first update (or without a limit). */
  get latestDailyPnl(): number | null {
    return this.latest?.daily ?? null;
  }

  /** Opens the standing subscription (at the next ready if not connected yet); no-op without MAX_DAILY_LOSS. */
  start(): void {
    if (this.deps.maxDailyLoss === null || this.stopWatch) return;
    this.stopWatch = this.deps.broker.account.watchPnl(null, (update) => this.onPnl(update));
  }

  /** Cancels the subscription at the broker. */
  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  private onPnl(update: PnlUpdate): void {
    const limit = this.deps.maxDailyLoss;
    if (limit === null) return;
    this.latest = update;
    if (update.daily > -limit) {
      if (this.breached) this.deps.logger.info("Daily P&L back above the loss limit", { daily_pnl: update.daily });
      this.breached = false;
      return;
    }
    if (this.breached) return;
    this.breached = true;
    const fields = { account_id: update.accountId, daily_pnl: update.daily, max_daily_loss: limit };
    if (this.deps.killSwitch.current().active) {
      this.deps.logger.warning("Daily loss limit breached; the kill switch is already active", fields);
      return;
    }
    this.deps.logger.warning("Daily loss limit breached: activating the kill switch", fields);
    this.deps.killSwitch.activate(dailyLossReason(update.daily, limit), "auto", SYSTEM).catch((error: unknown) => {
      this.deps.logger.error("Kill switch activation after a daily loss breach failed", { ...fields, error });
    });
  }
}
