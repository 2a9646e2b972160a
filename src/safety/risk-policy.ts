// The pre-trade risk policy as a pure function: limits in, violations out (values, not exceptions).
// Counting orders and reading open orders is the caller's job; nothing here does I/O or reads a clock.
import { formatAmount, type RiskViolation } from "../domain/index.js";
import type { RiskLimits } from "../config/index.js";
import type { Exposure } from "./exposure.js";
import type { CollarBreach } from "./price-collar.js";

export interface RiskOrder {
  /** Instrument symbol as normalised (upper-case). */
  symbol: string;
  quantity: number;
  /** Broker orders this request creates: 3 for a bracket, else 1. */
  legs: number;
  /** What the order can cost, valued against the market (exposure.ts). */
  exposure: Exposure;
  /** A limit or stop price too far from the market on the side that trades at once (price-collar.ts). */
  collar: CollarBreach | null;
  /** Position and today's usage; only gathered when MAX_POSITION_NOTIONAL or MAX_DAILY_NOTIONAL is set. */
  usage?: UsageFacts;
}

export interface UsageFacts {
  /** Signed position in this instrument before the order (shares or contracts); null when unknown. */
  position: number | null;
  /** Today's executed plus working exposure of the account in its base currency; null when unknown. */
  dailyNotional: number | null;
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
    noReference(order),
    priceCollar(order, ctx.limits),
    noRate(order, ctx.limits),
    maxNotional(order, ctx.limits),
    ...usageLimits(order, ctx.limits),
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

function usageLimits(order: RiskOrder, limits: RiskLimits): (RiskViolation | null)[] {
  const { baseExposure, baseCurrency, legs, multiplier, rate } = order.exposure;
  const usage = order.usage;
  if (baseExposure === null || rate === null || usage === undefined) return [];
  const out: (RiskViolation | null)[] = [];
  const maxPos = limits.maxPositionNotional;
  const entry = legs[0];
  if (maxPos !== null && entry?.priceAtRisk != null) {
    if (usage.position === null) {
      out.push(unknown("MAX_POSITION_NOTIONAL", `position in ${order.symbol} unknown`, maxPos));
    } else {
      // Value of one share or contract in base currency, at the entry's price at risk.
      const unit = entry.priceAtRisk * multiplier * rate;
      const signed = entry.side === "BUY" ? order.quantity : -order.quantity;
      const before = Math.abs(usage.position) * unit;
      const after = Math.round(Math.abs(usage.position + signed) * unit * 100) / 100;
      if (after > maxPos && after > before) {
        out.push({
          rule: "MAX_POSITION_NOTIONAL",
          message:
            `Position in ${order.symbol} after this order ${formatAmount(after, baseCurrency)} exceeds max ` +
            formatAmount(maxPos, baseCurrency),
          limit: maxPos,
          actual: after,
        });
      }
    }
  }
  const maxDay = limits.maxDailyNotional;
  if (maxDay !== null) {
    if (usage.dailyNotional === null) {
      out.push(unknown("MAX_DAILY_NOTIONAL", "today's traded and working notional unknown", maxDay));
    } else {
      const total = Math.round((usage.dailyNotional + baseExposure) * 100) / 100;
      if (total > maxDay) {
        out.push({
          rule: "MAX_DAILY_NOTIONAL",
          message:
            `Today's notional with this order ${formatAmount(total, baseCurrency)} ` +
            `(${formatAmount(usage.dailyNotional, baseCurrency)} already executed or working) exceeds max ` +
            formatAmount(maxDay, baseCurrency),
          limit: maxDay,
          actual: total,
        });
      }
    }
  }
  return out;
}

function unknown(rule: "MAX_POSITION_NOTIONAL" | "MAX_DAILY_NOTIONAL", what: string, max: number): RiskViolation {
  return { rule, message: `${rule} cannot be checked: ${what}`, limit: max, actual: null };
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
