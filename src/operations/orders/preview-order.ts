// preview_order: validation, contract, quote, estimates, what-if, warnings, legs, risk check, the order's exposure
// (reference price, currency, rate, closest limit) and a confirmation token. Never places an order; works whatever ORDERS_ENABLED and the kill switch say.
import {
  checkTif,
  normalizeOrderSpec,
  OrderPreview,
  OrderSpec,
  orderValidationError,
  validateOrderRules,
  type ResolvedContract,
} from "../../domain/index.js";
import type { WhatIfOutcome } from "../../broker/index.js";
import { canonicalForm } from "./order-identity.js";
import { defineOperation } from "../operation.js";
import type { GatewayServices } from "../services.js";
import { countOrder, recordPreviewRow } from "./order-audit.js";
import { priceOrder } from "./market-view.js";
import { previewRiskCheck } from "./risk.js";
import { orderWarnings } from "./warnings.js";

export const previewOrder = defineOperation({
  name: "preview_order",
  summary: "Estimate an order (price, notional, commission, margin, warnings, risk check) without placing it",
  input: OrderSpec,
  output: OrderPreview,
  needsBroker: true,
  async run(services, spec, ctx) {
    const tifError = checkTif(spec.tif);
    if (tifError) throw tifError;
    const problems = validateOrderRules(spec);
    if (problems.length > 0) throw orderValidationError(problems);
    const priced = await priceOrder(services, spec, ctx.signal, true);
    const whatIf = await requestWhatIf(services, spec, priced.contract);
    const { riskCheck, exposure } = await previewRiskCheck(services, spec, priced, ctx.apiKey);
    const orderSpec = normalizeOrderSpec(spec);
    const issued = services.orders.tokens.issue(canonicalForm(services, spec), services.clock.now());
    const tradable = !riskCheck.violations.some((v) => v.rule === "NOT_TRADABLE");
    await recordPreviewRow(services, ctx, spec, priced);
    countOrder(services, "preview", spec.instrument.symbol, "OK");
    return {
      orderSpec,
      estimatedPrice: priced.estimatedPrice,
      estimatedNotional: priced.estimatedNotional,
      estimatedCommission: whatIf.ok ? whatIf.commission : null,
      estimatedInitialMarginChange: whatIf.ok ? whatIf.initialMarginChange : null,
      estimatedMaintenanceMarginChange: whatIf.ok ? whatIf.maintenanceMarginChange : null,
      warnings: orderWarnings({ spec, ...priced, whatIf }),
      legs: priced.legs,
      totalNotional: priced.totalNotional,
      confirmationToken: tradable ? issued.token : null,
      confirmationExpiresAt: tradable ? new Date(issued.expiresAtMs).toISOString() : null,
      riskCheck,
      exposure,
    };
  },
});

/** A what-if never fails the preview: anything unexpected becomes a "failed" outcome. */
async function requestWhatIf(
  services: GatewayServices,
  spec: OrderSpec,
  contract: ResolvedContract,
): Promise<WhatIfOutcome> {
  try {
    return await services.broker.orders.whatIf(spec, contract);
  } catch (error) {
    return { ok: false, kind: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}
