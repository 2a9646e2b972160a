// Inputs of the pre-trade risk policy (SPEC §11.1) as the order operations gather them: the order's figures,
// the rate window and the broker's working orders. The policy itself is pure and lives in src/safety.
import type { OrderSpec, RiskCheck } from "../../domain/index.js";
import { evaluateRisk, type RiskOrder } from "../../safety/index.js";
import type { GatewayServices } from "../services.js";
import type { PricedOrder } from "./market-view.js";

export function riskOrder(spec: OrderSpec, priced: PricedOrder): RiskOrder {
  return {
    symbol: spec.instrument.symbol,
    quantity: spec.quantity,
    multiplier: priced.multiplier,
    referencePrice: priced.estimatedPrice,
    legs: spec.orderType === "BRACKET" ? 3 : 1,
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

/** The preview's riskCheck: nothing is reserved or counted, and an active kill switch is reported. */
export async function previewRiskCheck(
  services: GatewayServices,
  spec: OrderSpec,
  priced: PricedOrder,
): Promise<RiskCheck> {
  const decision = evaluateRisk(riskOrder(spec, priced), {
    limits: services.config.limits,
    ordersInLastMinute: services.orders.rateWindow.count(services.clock.now()),
    openOrders: await workingOrderCount(services, priced.accountId),
    killSwitch: services.killSwitch.current(),
  });
  return { passed: decision.allowed, violations: decision.violations };
}
