// The pre-trade risk policy as a pure function: limits in, violations out (values, not exceptions).
// Counting orders and reading open orders is the caller's job; nothing here does I/O or reads a clock.
import { formatAmount, type RiskViolation } from "../domain/index.js";
import type { RiskLimits } from "../config/index.js";
import type { RiskOrder } from "./risk-order.js";
import { dailyLimit, positionLimit } from "./usage-limits.js";

export type { RiskOrder, UsageFacts } from "./risk-order.js";

export interface RiskContext {
  limits: RiskLimits;
  /** Orders this process sent to the broker in the last 60 s (a bracket counts once). */
  ordersInLastMinute: number;
  /** Working orders of the account, all API clients. Null when unknown (only matters with MAX_OPEN_ORDERS). */
  openOrders: number | null;
  /** Set for previews: an active kill switch is reported as a violation. Placement stops earlier. */
  killSwitch?: { active: boolean; reason: string | null };
}

export type RiskDecision = { allowed: true; violations: [] } | { allowed: false; violations: RiskViolation[] };

export function evaluateRisk(order: RiskOrder, ctx: RiskContext): RiskDecision {
  const violations = [
    notTradable(order),
    allowlist(order, ctx.limits),
    maxQuantity(order, ctx.limits),
    noReference(order),
    priceCollar(order, ctx.limits),
    noRate(order, ctx.limits),
    maxNotional(order, ctx.limits),
    positionLimit(order, ctx.limits),
    dailyLimit(order, ctx.limits),
    rateLimit(ctx),
    openOrdersLimit(order, ctx),
    killSwitch(ctx),
  ].filter((v): v is RiskViolation => v !== null);
  return violations.length === 0 ? { allowed: true, violations: [] } : { allowed: false, violations };
}

function notTradable(order: RiskOrder): RiskViolation | null {
  if (order.tradable) return null;
  return {
    rule: "NOT_TRADABLE",
    message: `${order.symbol} is an index: indices have prices but cannot be traded (trade a future or ETF on it)`,
    limit: null,
    actual: order.symbol,
  };
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

function noReference(order: RiskOrder): RiskViolation | null {
  if (!order.exposure.missingReference) return null;
  return {
    rule: "NO_REFERENCE_PRICE",
    message:
      `No usable market price for ${order.symbol}: market, stop and trailing orders and orders valued at the ` +
      "market need a bid, ask or last price that is not too old (MAX_QUOTE_AGE_SEC)",
    limit: null,
    actual: null,
  };
}

function priceCollar(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const breach = order.collar;
  const max = limits.maxPriceDeviationPct;
  if (breach === null || max === null) return null;
  const cur = order.exposure.currency;
  return {
    rule: "MAX_PRICE_DEVIATION",
    message:
      `${breach.field} ${formatAmount(breach.price, cur)} is ${breach.deviationPct}% from the market price ` +
      `${formatAmount(breach.reference, cur)} and would trade at once at a worse price (max ${max}%, ` +
      "MAX_PRICE_DEVIATION_PCT)",
    limit: max,
    actual: breach.deviationPct,
  };
}

const moneyLimitsSet = (limits: RiskLimits): boolean =>
  limits.maxOrderNotional !== null || limits.maxPositionNotional !== null || limits.maxDailyNotional !== null;

function noRate(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const { exposure, rate, currency, baseCurrency } = order.exposure;
  if (exposure === null || rate !== null || !moneyLimitsSet(limits)) return null;
  return {
    rule: "NO_EXCHANGE_RATE",
    message: `No exchange rate from ${currency} to the account's base currency ${baseCurrency} to check the limits`,
    limit: null,
    actual: currency,
  };
}

/** "$2,020.00" for a USD amount, "2,020.00 EUR" otherwise. */
function describeExposure(order: RiskOrder, base: number): string {
  const e = order.exposure;
  const inBase = formatAmount(base, e.baseCurrency);
  if (e.currency === e.baseCurrency || e.exposure === null || e.rate === null) return inBase;
  return `${inBase} (${formatAmount(e.exposure, e.currency)} at ${e.rate} ${e.baseCurrency}/${e.currency})`;
}

function maxNotional(order: RiskOrder, limits: RiskLimits): RiskViolation | null {
  const max = limits.maxOrderNotional;
  const value = order.exposure.baseExposure;
  if (max === null || value === null || value <= max) return null;
  return {
    rule: "MAX_ORDER_NOTIONAL",
    message: `Estimated notional ${describeExposure(order, value)} exceeds max ${formatAmount(max, order.exposure.baseCurrency)}`,
    limit: max,
    actual: value,
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
