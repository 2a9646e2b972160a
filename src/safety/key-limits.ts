// The per-key limits of an API key (API_KEYS_FILE) as a pure function, applied on top of the global risk limits:
// values in, violations out. Counting the key's orders and today's notional is the caller's job.
import { formatAmount, type RiskViolation } from "../domain/index.js";
import type { ApiKeyLimits } from "../config/index.js";
import type { RiskOrder } from "./risk-order.js";

export interface KeyLimitContext {
  /** The key's name, shown in every message (never the key). */
  name: string;
  limits: ApiKeyLimits;
  /** Orders this key sent in the last 60 s in this process (a bracket counts once). */
  ordersInLastMinute: number;
  /** Exposure of the orders this key sent today (UTC) in this process, base currency. */
  dailyNotional: number;
}

export function evaluateKeyLimits(order: RiskOrder, key: KeyLimitContext): RiskViolation[] {
  return [allowlist(order, key), orderNotional(order, key), dailyNotional(order, key), rate(key)].filter(
    (v): v is RiskViolation => v !== null,
  );
}

function allowlist(order: RiskOrder, key: KeyLimitContext): RiskViolation | null {
  const list = key.limits.symbolAllowlist;
  if (list === undefined || list.includes(order.symbol)) return null;
  return {
    rule: "KEY_SYMBOL_ALLOWLIST",
    message: `Symbol ${order.symbol} is not in the symbolAllowlist of API key '${key.name}'`,
    limit: null,
    actual: order.symbol,
  };
}

function orderNotional(order: RiskOrder, key: KeyLimitContext): RiskViolation | null {
  const max = key.limits.maxOrderNotional;
  if (max === undefined) return null;
  const value = order.exposure.baseExposure;
  const base = order.exposure.baseCurrency;
  if (value !== null && value <= max) return null;
  return {
    rule: "KEY_MAX_ORDER_NOTIONAL",
    message:
      value === null
        ? `The order cannot be valued in ${base} to check the maxOrderNotional of API key '${key.name}'`
        : `Estimated notional ${formatAmount(value, base)} exceeds the maxOrderNotional ` +
          `${formatAmount(max, base)} of API key '${key.name}'`,
    limit: max,
    actual: value,
  };
}

function dailyNotional(order: RiskOrder, key: KeyLimitContext): RiskViolation | null {
  const max = key.limits.maxDailyNotional;
  if (max === undefined) return null;
  const value = order.exposure.baseExposure;
  const base = order.exposure.baseCurrency;
  const total = value === null ? null : Math.round((key.dailyNotional + value) * 100) / 100;
  if (total !== null && total <= max) return null;
  return {
    rule: "KEY_MAX_DAILY_NOTIONAL",
    message:
      total === null
        ? `The order cannot be valued in ${base} to check the maxDailyNotional of API key '${key.name}'`
        : `Today's notional of API key '${key.name}' with this order, ${formatAmount(total, base)}, exceeds its ` +
          `maxDailyNotional ${formatAmount(max, base)}`,
    limit: max,
    actual: total,
  };
}

function rate(key: KeyLimitContext): RiskViolation | null {
  const max = key.limits.maxOrdersPerMinute;
  if (max === undefined || key.ordersInLastMinute < max) return null;
  return {
    rule: "KEY_MAX_ORDERS_PER_MINUTE",
    message:
      `Order rate limit of API key '${key.name}' reached: ${key.ordersInLastMinute} orders in the last 60s ` +
      `(max ${max})`,
    limit: max,
    actual: key.ordersInLastMinute,
  };
}
