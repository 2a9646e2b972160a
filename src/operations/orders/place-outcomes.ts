// The outcomes of POST /orders that stop before anything is sent: the result or
// error, its audit row and its counter. Each function handles exactly one row of the table.
import { existsSync } from "node:fs";
import { GatewayError, type OrderResult, type OrderSpec, type RiskViolation } from "../../domain/index.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { TOKEN_MESSAGES, type TokenProblem } from "./confirmation-token.js";
import { appendOrderEvent, auditAccount, countOrder, orderFacts } from "./order-audit.js";

export function orderResult(spec: OrderSpec, fields: Partial<OrderResult>): OrderResult {
  return orderResultOf(spec.clientOrderId ?? null, fields);
}

export function orderResultOf(clientOrderId: string | null, fields: Partial<OrderResult>): OrderResult {
  return {
    orderId: null,
    clientOrderId,
    status: "REJECTED",
    orderStatus: null,
    errors: [],
    orderIds: [],
    orderRoles: {},
    rejectReason: null,
    riskViolations: [],
    idempotentReplay: false,
    approval: null,
    ...fields,
    fills: fields.fills ?? [],
  };
}

type PreBrokerReason = "VALIDATION" | "KILL_SWITCH" | "CONFIRMATION" | "TRADING_DISABLED";

function recordRejection(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  reason: PreBrokerReason,
  errors: string[],
): void {
  services.orders.writes.track(
    appendOrderEvent(services, ctx, auditAccount(services, spec), {
      eventType: "ORDER_REJECTED",
      eventData: { ...orderFacts(spec), reject_reason: reason, errors },
    }),
  );
  countOrder(services, "rejected", spec.instrument.symbol, "REJECTED");
}

/** Step 3: the order rules refuse the order with a 200, so callers see every message at once. */
export function rejectInvalid(services: GatewayServices, ctx: OperationContext, spec: OrderSpec, errors: string[]) {
  recordRejection(services, ctx, spec, "VALIDATION", errors);
  return orderResult(spec, { rejectReason: "VALIDATION", errors });
}

/** Step 5: the error to throw for a missing, mismatched, expired or used token. */
export function confirmationRefused(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  problem: TokenProblem,
  differing: string[] = [],
): GatewayError {
  const message =
    problem === "mismatch" && differing.length > 0
      ? `confirmationToken does not match this order (differs in: ${differing.join(", ")}); preview the order again`
      : TOKEN_MESSAGES[problem];
  recordRejection(services, ctx, spec, "CONFIRMATION", [message]);
  return new GatewayError(
    "CONFIRMATION_REQUIRED",
    message,
    differing.length > 0 ? { details: { fields: differing } } : {},
  );
}

/** Step 6. */
export function rejectKillSwitch(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  reason: string | null,
): OrderResult {
  const message = `Kill switch is active: ${reason ?? "manual"}`;
  recordRejection(services, ctx, spec, "KILL_SWITCH", [message]);
  const violation: RiskViolation = { rule: "KILL_SWITCH", message, limit: null, actual: reason ?? "manual" };
  return orderResult(spec, { rejectReason: "KILL_SWITCH", errors: [message], riskViolations: [violation] });
}

/** Step 7: orders disabled; works with the broker down. */
export function simulate(services: GatewayServices, ctx: OperationContext, spec: OrderSpec): OrderResult {
  services.orders.writes.track(
    appendOrderEvent(services, ctx, auditAccount(services, spec), {
      eventType: "ORDER_SIMULATED",
      eventData: { ...orderFacts(spec), reason: "ORDERS_ENABLED=false" },
    }),
  );
  countOrder(services, "simulated", spec.instrument.symbol, "SIMULATED");
  return orderResult(spec, {
    status: "SIMULATED",
    errors: [simulatedMessage(services)],
  });
}

/** Why nothing was sent: orders are disabled, and to which broker the order would have gone. */
export function simulatedMessage(services: GatewayServices): string {
  const { mode, tradingMode } = services.config;
  const target = mode === "simulation" ? "the simulator" : `the ${tradingMode} IB Gateway / TWS`;
  return `Order not placed: orders are disabled (ORDERS_ENABLED=false); nothing was sent to ${target}`;
}

/** Step 8: before every live order the override file must still exist; nothing reaches the broker otherwise. */
export function requireLiveOverride(services: GatewayServices, ctx: OperationContext, spec: OrderSpec): void {
  const { tradingMode, liveOverrideFile } = services.config;
  if (tradingMode !== "live" || (liveOverrideFile !== null && existsSync(liveOverrideFile))) return;
  const message =
    `Trading disabled: live override file ${liveOverrideFile ?? "(unset)"} no longer exists ` +
    "(LIVE_TRADING_OVERRIDE_FILE)";
  recordRejection(services, ctx, spec, "TRADING_DISABLED", [message]);
  throw new GatewayError("TRADING_DISABLED", message);
}

/** Step 12. */
export function rejectRisk(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  accountId: string,
  violations: RiskViolation[],
): OrderResult {
  services.orders.writes.track(
    appendOrderEvent(services, ctx, accountId, {
      eventType: "RISK_REJECTED",
      eventData: { ...orderFacts(spec), violations },
    }),
  );
  for (const v of violations) services.metrics.inc("risk_rejections_total", { rule: v.rule });
  countOrder(services, "rejected", spec.instrument.symbol, "REJECTED");
  return orderResult(spec, {
    rejectReason: "RISK_LIMIT",
    errors: violations.map((v) => v.message),
    riskViolations: violations,
  });
}
