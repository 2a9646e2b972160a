// What each named API key used in this process: its orders in the last minute and the exposure it sent today (UTC),
// for the per-key limits at the send gate. In memory, per process: a restart or a second process starts from zero.
import type { CallerKey } from "../context.js";
import { evaluateKeyLimits, SlidingWindow, type RiskOrder } from "../../safety/index.js";
import type { RiskViolation } from "../../domain/index.js";

const RATE_WINDOW_MS = 60_000;

interface Usage {
  window: SlidingWindow;
  day: string;
  notional: number;
}

export interface KeyCheck {
  violations: RiskViolation[];
  /** Gives back what the check reserved (the rate slot and today's notional) when the order is not sent. */
  release(): void;
}

const NOTHING: KeyCheck = { violations: [], release: () => undefined };

export class KeyUsage {
  private readonly byName = new Map<string, Usage>();

  /**
   * Evaluates the key's limits for the order and, when they pass, reserves a rate slot and the order's exposure
   * for today. Synchronous, so two concurrent orders of one key cannot both take its last slot.
   */
  check(key: CallerKey | undefined, order: RiskOrder, nowMs: number): KeyCheck {
    if (key === undefined || !hasLimits(key)) return NOTHING;
    const usage = this.usage(key.name, nowMs);
    const violations = this.evaluate(key, usage, order, nowMs);
    if (violations.length > 0) return { violations, release: NOTHING.release };
    const releaseRate = usage.window.tryReserve(nowMs, null);
    const amount = order.exposure.baseExposure ?? 0;
    usage.notional += amount;
    let released = false;
    return {
      violations,
      release: () => {
        if (released) return;
        released = true;
        releaseRate?.();
        usage.notional -= amount;
      },
    };
  }

  /** The violations the order would meet now, for a preview: nothing is reserved. */
  preview(key: CallerKey | undefined, order: RiskOrder, nowMs: number): RiskViolation[] {
    if (key === undefined || !hasLimits(key)) return [];
    return this.evaluate(key, this.usage(key.name, nowMs), order, nowMs);
  }

  private evaluate(key: CallerKey, usage: Usage, order: RiskOrder, nowMs: number): RiskViolation[] {
    return evaluateKeyLimits(order, {
      name: key.name,
      limits: key.limits,
      ordersInLastMinute: usage.window.count(nowMs),
      dailyNotional: usage.notional,
    });
  }

  private usage(name: string, nowMs: number): Usage {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    let usage = this.byName.get(name);
    if (usage === undefined) {
      usage = { window: new SlidingWindow(RATE_WINDOW_MS), day, notional: 0 };
      this.byName.set(name, usage);
    }
    if (usage.day !== day) {
      usage.day = day;
      usage.notional = 0;
    }
    return usage;
  }
}

function hasLimits(key: CallerKey): boolean {
  const l = key.limits;
  return (
    l.maxOrderNotional !== undefined ||
    l.maxDailyNotional !== undefined ||
    l.symbolAllowlist !== undefined ||
    l.maxOrdersPerMinute !== undefined
  );
}
