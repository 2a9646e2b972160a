// MAX_POSITION_NOTIONAL and MAX_DAILY_NOTIONAL: the order's exposure against the position and today's usage the
// operations counted (null when unknown: the limit then refuses, it never guesses). Pure.
import { formatAmount, type RiskViolation } from "../domain/index.js";
import type { RiskLimits } from "../config/index.js";
import type { RiskOrder } from "./risk-order.js";

const cents = (v: number): number => Math.round(v * 100) / 100;

/** The position after the order, valued at the entry's price-at-risk; an order that shrinks it always passes. */
export function positionLimit(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const max = limits.maxPositionNotional;
  const { multiplier, rate, baseCurrency, legs } = order.exposure;
  const entry = legs[0];
  if (max === null || order.usage === undefined || rate === null || !entry || entry.priceAtRisk === null) return null;
  const position = order.usage.position;
  if (position === null) return unknown("MAX_POSITION_NOTIONAL", `position in ${order.symbol} unknown`, max);
  const unit = entry.priceAtRisk * multiplier * rate;
  const signed = entry.side === "BUY" ? order.quantity : -order.quantity;
  const before = Math.abs(position) * unit;
  const after = cents(Math.abs(position + signed) * unit);
  if (after <= max || after <= before) return null;
  return {
    rule: "MAX_POSITION_NOTIONAL",
    message:
      `Position in ${order.symbol} after this order ${formatAmount(after, baseCurrency)} exceeds max ` +
      formatAmount(max, baseCurrency),
    limit: max,
    actual: after,
  };
}

/** Today's executed and working exposure plus this order. */
export function dailyLimit(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const max = limits.maxDailyNotional;
  const { baseExposure, baseCurrency } = order.exposure;
  if (max === null || order.usage === undefined || baseExposure === null) return null;
  const used = order.usage.dailyNotional;
  if (used === null) return unknown("MAX_DAILY_NOTIONAL", "today's traded and working notional unknown", max);
  const total = cents(used + baseExposure);
  if (total <= max) return null;
  return {
    rule: "MAX_DAILY_NOTIONAL",
    message:
      `Today's notional with this order ${formatAmount(total, baseCurrency)} ` +
      `(${formatAmount(used, baseCurrency)} already executed or working) exceeds max ${formatAmount(max, baseCurrency)}`,
    limit: max,
    actual: total,
  };
}

function unknown(rule: "MAX_POSITION_NOTIONAL" | "MAX_DAILY_NOTIONAL", what: string, max: number): RiskViolation {
  return { rule, message: `${rule} cannot be checked: ${what}`, limit: max, actual: null };
}
