// Inputs of the pre-trade risk policy as the order operations gather them: the order's figures,
// the rate window and the broker's working orders. The policy itself is pure and lives in src/safety.
import type { OrderSpec, PreviewExposure, RiskCheck } from "../../domain/index.js";
import { collarBreach, evaluateRisk, type RiskOrder, type UsageFacts } from "../../safety/index.js";
import type { CallerKey, GatewayServices } from "../services.js";
import type { PricedOrder } from "./market-view.js";
import { usageFacts, usageLimitsSet } from "./usage.js";

export function riskOrder(
  services: GatewayServices,
  spec: OrderSpec,
  priced: PricedOrder,
  usage?: UsageFacts,
): RiskOrder {
  return {
    symbol: spec.instrument.symbol,
    quantity: spec.quantity,
    legs: spec.orderType === "BRACKET" ? 3 : 1,
    tradable: spec.instrument.securityType !== "IND" && priced.contract.securityType !== "IND",
    exposure: priced.exposure,
    collar: collarBreach(spec, priced.market, services.config.limits.maxPriceDeviationPct),
    ...(usage ? { usage } : {}),
  };
}

/** Working orders of the account at the broker (all API clients); null when not needed or not obtainable. */
export async function workingOrderCount(services: GatewayServices, accountId: string): Promise<number | null> {
  if (services.config.limits.maxOpenOrders === null) return null;
  try {
    const open = await services.broker.orders.openOrders();
    return open.filter((o) => o.accountId === accountId).length;
  } catch (error) {
    services.logger.warning("Open orders unavailable for the risk check", { error });
    return null;
  }
}

/**
 * The preview's riskCheck and exposure: nothing is reserved or counted, an active kill switch is reported, and so
 * are the limits of the caller's API key.
 */
export async function previewRiskCheck(
  services: GatewayServices,
  spec: OrderSpec,
  priced: PricedOrder,
  key?: CallerKey,
): Promise<{ riskCheck: RiskCheck; exposure: PreviewExposure }> {
  const usage = usageLimitsSet(services) ? await usageFacts(services, priced) : undefined;
  const order = riskOrder(services, spec, priced, usage);
  const now = services.clock.now();
  const decision = evaluateRisk(order, {
    limits: services.config.limits,
    ordersInLastMinute: services.orders.rateWindow.count(now),
    openOrders: await workingOrderCount(services, priced.accountId),
    killSwitch: services.killSwitch.current(),
  });
  const violations = [...decision.violations, ...services.orders.keyUsage.preview(key, order, now)];
  return {
    riskCheck: { passed: violations.length === 0, violations },
    exposure: previewExposure(services, spec, priced, usage),
  };
}

function previewExposure(
  services: GatewayServices,
  spec: OrderSpec,
  priced: PricedOrder,
  usage: UsageFacts | undefined,
): PreviewExposure {
  const e = priced.exposure;
  return {
    exposure: e.baseExposure,
    exposureInCurrency: e.exposure,
    referencePrice: e.reference?.price ?? null,
    referenceSource: e.reference?.source ?? null,
    currency: e.currency,
    baseCurrency: e.baseCurrency,
    exchangeRate: e.rate,
    multiplier: e.multiplier,
    legs: e.legs.map((l) => ({ role: l.role, side: l.side, priceAtRisk: l.priceAtRisk, exposure: l.exposure })),
    closestLimit: closestLimit(services, spec, priced, usage),
  };
}

/** The money limit with the least room left after this order (smallest remaining share of the limit). */
function closestLimit(
  services: GatewayServices,
  spec: OrderSpec,
  priced: PricedOrder,
  usage: UsageFacts | undefined,
): PreviewExposure["closestLimit"] {
  const { limits } = services.config;
  const e = priced.exposure;
  const value = e.baseExposure;
  const unit = (e.legs[0]?.priceAtRisk ?? 0) * e.multiplier * (e.rate ?? 0);
  const signed = spec.side === "BUY" ? spec.quantity : -spec.quantity;
  const position = usage?.position;
  const candidates: { rule: string; limit: number | null; used: number | null }[] = [
    { rule: "MAX_ORDER_NOTIONAL", limit: limits.maxOrderNotional, used: value },
    {
      rule: "MAX_POSITION_NOTIONAL",
      limit: limits.maxPositionNotional,
      used: position == null || value === null ? null : round2(Math.abs(position + signed) * unit),
    },
    {
      rule: "MAX_DAILY_NOTIONAL",
      limit: limits.maxDailyNotional,
      used: usage?.dailyNotional == null || value === null ? null : round2(usage.dailyNotional + value),
    },
  ];
  let best: PreviewExposure["closestLimit"] = null;
  let bestShare = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c.limit === null) continue;
    const remaining = c.used === null ? null : round2(c.limit - c.used);
    const share = remaining === null ? Number.NEGATIVE_INFINITY : remaining / c.limit;
    if (share < bestShare) {
      bestShare = share;
      best = { rule: c.rule, limit: c.limit, used: c.used, remaining };
    }
  }
  return best;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
