// place_order (SPEC §5.1): the thirteen checks in the contract's order, from the order rules to the broker.
// One clientOrderId is placed at a time, so a concurrent retry receives the replay instead of a second order.
import {
  canonicalOrder,
  checkTif,
  normalizeOrderSpec,
  OrderResult,
  PlaceOrderRequest,
  validateOrderRules,
  type OrderSpec,
} from "../../domain/index.js";
import { defineOperation, requireReadyBroker } from "../operation.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { findReplay } from "./idempotent-replay.js";
import {
  confirmationRefused,
  rejectInvalid,
  rejectKillSwitch,
  requireLiveOverride,
  simulate,
} from "./place-outcomes.js";
import { submitOrder } from "./submit-order.js";

export const placeOrder = defineOperation({
  name: "place_order",
  summary: "Place an order after validation, confirmation, kill switch, mode and risk checks",
  input: PlaceOrderRequest,
  output: OrderResult,
  // SIMULATED answers and validation rejections work with the broker down; step 9 checks the connection.
  needsBroker: false,
  async run(services, request, ctx) {
    const { confirmationToken, ...spec } = request;
    const tifError = checkTif(spec.tif);
    if (tifError) throw tifError;
    const problems = validateOrderRules(spec);
    if (problems.length > 0) return rejectInvalid(services, ctx, spec, problems);
    const token = confirmationToken ?? null;
    const key = spec.clientOrderId;
    if (!key) return placeChecked(services, ctx, spec, token);
    return services.orders.locks.run(`client-order:${key}`, async () => {
      return (await findReplay(services, key)) ?? placeChecked(services, ctx, spec, token);
    });
  },
});

/** Steps 5–13. */
async function placeChecked(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  token: string | null,
): Promise<OrderResult> {
  checkConfirmation(services, ctx, spec, token);
  const killSwitch = services.killSwitch.current();
  if (killSwitch.active) return rejectKillSwitch(services, ctx, spec, killSwitch.reason);
  if (!services.config.ordersEnabled) return simulate(services, ctx, spec);
  requireLiveOverride(services, ctx, spec);
  requireReadyBroker(services);
  return submitOrder(services, ctx, spec, token);
}

/** Step 5: mandatory with REQUIRE_ORDER_CONFIRMATION, checked whenever present. */
function checkConfirmation(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  token: string | null,
): void {
  if (token === null) {
    if (services.config.requireOrderConfirmation) throw confirmationRefused(services, ctx, spec, "missing");
    return;
  }
  const canonical = canonicalOrder(normalizeOrderSpec(spec));
  const problem = services.orders.tokens.check(token, canonical, services.clock.now());
  if (problem !== null) throw confirmationRefused(services, ctx, spec, problem);
}
