// The pre-trade risk policy of SPEC §11.1 as a pure function: limits in, violations out (values, not exceptions).
// Counting orders and reading open orders is the caller's job; nothing here does I/O or reads a clock.
import { formatMoney, type RiskViolation } from "../domain/index.js";
import type { RiskLimits } from "../config/index.js";

export interface RiskOrder {
  /** Instrument symbol as normalised (upper-case). */
  symbol: string;
  quantity: number;
  /** Contract multiplier (1 for stocks). */
  multiplier: number;
  /** The §4.1 estimate used as reference price; null when none could be determined. */
  referencePrice: number | null;
  /** Broker orders this request creates: 3 for a bracket, else 1. */
  legs: number;
}

export interface RiskContext {
  limits: RiskLimits;
  /** Orders this process sent to the broker in the last 60 s (a bracket counts once). */
  ordersInLastMinute: number;
  /** Working orders of the account, all API clients. Null when unknown (only matters with MAX_OPEN_ORDERS). */
  openOrders: number | null;
  /** Set for previews: an active kill switch is reported as a violation. Placement stops earlier (§5.1 step 6). */
  killSwitch?: { active: boolean; reason: string | null };
}

export type RiskDecision = { allowed: true; violations: [] } | { allowed: false; violations: RiskViolation[] };

export function evaluateRisk(order: RiskOrder, ctx: RiskContext): RiskDecision {
  const violations = [
    allowlist(order, ctx.limits),
    maxQuantity(order, ctx.limits),
    maxNotional(order, ctx.limits),
    rateLimit(ctx),
    openOrdersLimit(order, ctx),
    killSwitch(ctx),
  ].filter((v): v is RiskViolation => v !== null);
  return violations.length === 0 ? { allowed: true, violations: [] } : { allowed: false, violations };
}

function allowlist(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  if (limits.symbolAllowlist.length === 0 || limits.symbolAllowlist.includes(order.symbol)) return null;
  return {
    rule: "SYMBOL_ALLOWLIST",
    message: `Symbol ${order.symbol} is not in SYMBOL_ALLOWLIST`,
    limit: null,
    actual: order.symbol,
  };
}

function maxQuantity(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const max = limits.maxOrderQuantity;
  if (max === null || order.quantity <= max) return null;
  return {
    rule: "MAX_ORDER_QUANTITY",
    message: `Quantity ${order.quantity} exceeds max ${max}`,
    limit: max,
    actual: order.quantity,
  };
}

function maxNotional(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const max = limits.maxOrderNotional;
  if (max === null) return null;
  if (order.referencePrice === null || !(order.referencePrice > 0)) {
    return {
      rule: "MAX_ORDER_NOTIONAL",
      message: "Cannot determine a reference price to check MAX_ORDER_NOTIONAL",
      limit: max,
      actual: null,
    };
  }
  const notional = Math.round(order.quantity * order.referencePrice * order.multiplier * 1e6) / 1e6;
  if (notional <= max) return null;
  return {
    rule: "MAX_ORDER_NOTIONAL",
    message: `Estimated notional ${formatMoney(notional)} exceeds max ${formatMoney(max)}`,
    limit: max,
    actual: notional,
  };
}

function rateLimit(ctx: RiskContext): RiskViolation | null {
  const max = ctx.limits.maxOrdersPerMinute;
  if (max === null || ctx.ordersInLastMinute < max) return null;
  return {
    rule: "MAX_ORDERS_PER_MINUTE",
    message: `Order rate limit reached: ${ctx.ordersInLastMinute} orders in the last 60s (max ${max})`,
    limit: max,
    actual: ctx.ordersInLastMinute,
  };
}

function openOrdersLimit(order: RiskOrder, ctx: RiskContext): RiskViolation | null {
  const max = ctx.limits.maxOpenOrders;
  if (max === null) return null;
  const open = ctx.openOrders;
  if (open !== null && open + order.legs <= max) return null;
  return {
    rule: "MAX_OPEN_ORDERS",
    message:
      open === null
        ? `Open orders limit cannot be checked: open orders unknown (max ${max})`
        : `Open orders limit reached: ${open} open (max ${max})`,
    limit: max,
    actual: open,
  };
}

function killSwitch(ctx: RiskContext): RiskViolation | null {
  if (!ctx.killSwitch?.active) return null;
  const reason = ctx.killSwitch.reason ?? "manual";
  return { rule: "KILL_SWITCH", message: `Kill switch is active: ${reason}`, limit: null, actual: reason };
}
