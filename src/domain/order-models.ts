// Order output models on the wire: previews, results, statuses, cancels and open orders.
import { z } from "zod";
import { OrderSpec, Side } from "./order-spec.js";

export const ORDER_STATUSES = [
  "PENDING_SUBMIT",
  "PENDING_CANCEL",
  "SUBMITTED",
  "PARTIALLY_FILLED",
  "FILLED",
  "CANCELLED",
  "REJECTED",
  "EXPIRED",
  /** Journalled, waiting for a person with an admin key to approve it; nothing was sent yet. */
  "PENDING_APPROVAL",
] as const;
export const OrderStatusValue = z.enum(ORDER_STATUSES);
export type OrderStatusValue = z.infer<typeof OrderStatusValue>;

export const LEG_ROLES = ["entry", "take_profit", "stop_loss", "child"] as const;
export const LegRole = z.enum(LEG_ROLES);
export type LegRole = z.infer<typeof LegRole>;

export const OrderLeg = z.object({
  role: LegRole,
  orderType: z.string(),
  side: Side,
  quantity: z.number(),
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  trailingAmount: z.number().nullable(),
  trailingPercent: z.number().nullable(),
  tif: z.string(),
  estimatedPrice: z.number().nullable(),
  estimatedNotional: z.number().nullable(),
});
export type OrderLeg = z.infer<typeof OrderLeg>;

export const RISK_RULES = [
  "SYMBOL_ALLOWLIST",
  "MAX_ORDER_QUANTITY",
  "MAX_ORDER_NOTIONAL",
  "MAX_ORDERS_PER_MINUTE",
  "MAX_OPEN_ORDERS",
  "KILL_SWITCH",
  "NO_REFERENCE_PRICE",
  "MAX_PRICE_DEVIATION",
  "NO_EXCHANGE_RATE",
  "MAX_POSITION_NOTIONAL",
  "MAX_DAILY_NOTIONAL",
  "NOT_TRADABLE",
  "KEY_SYMBOL_ALLOWLIST",
  "KEY_MAX_ORDER_NOTIONAL",
  "KEY_MAX_DAILY_NOTIONAL",
  "KEY_MAX_ORDERS_PER_MINUTE",
] as const;
export const RiskRule = z.enum(RISK_RULES);
export type RiskRule = z.infer<typeof RiskRule>;

export const RiskViolation = z.object({
  rule: RiskRule,
  message: z.string(),
  limit: z.number().nullable(),
  actual: z.union([z.number(), z.string()]).nullable(),
});
export type RiskViolation = z.infer<typeof RiskViolation>;

export const RiskCheck = z.object({ passed: z.boolean(), violations: z.array(RiskViolation) });
export type RiskCheck = z.infer<typeof RiskCheck>;

/** How the risk check valued the order (docs/config.md, "How exposure is computed"). */
export const PreviewExposure = z.object({
  /** The worst leg's quantity × multiplier × price-at-risk, in the account's base currency. */
  exposure: z.number().nullable(),
  /** The same in the contract's currency. */
  exposureInCurrency: z.number().nullable(),
  referencePrice: z.number().nullable(),
  /** Which quote price was the reference: ask (BUY), bid (SELL) or last. */
  referenceSource: z.enum(["ask", "bid", "last", "entry"]).nullable(),
  currency: z.string(),
  baseCurrency: z.string(),
  /** Base currency per unit of the contract's currency; null when unknown. */
  exchangeRate: z.number().nullable(),
  multiplier: z.number(),
  legs: z.array(
    z.object({
      role: z.string(),
      side: z.string(),
      priceAtRisk: z.number().nullable(),
      exposure: z.number().nullable(),
    }),
  ),
  /** The money limit with the least room left for this order, or null when none is set. */
  closestLimit: z
    .object({ rule: z.string(), limit: z.number(), used: z.number().nullable(), remaining: z.number().nullable() })
    .nullable(),
});
export type PreviewExposure = z.infer<typeof PreviewExposure>;

export const OrderPreview = z.object({
  orderSpec: OrderSpec,
  estimatedPrice: z.number().nullable(),
  estimatedNotional: z.number().nullable(),
  estimatedCommission: z.number().nullable(),
  estimatedInitialMarginChange: z.number().nullable(),
  estimatedMaintenanceMarginChange: z.number().nullable(),
  warnings: z.array(z.string()),
  legs: z.array(OrderLeg),
  totalNotional: z.number().nullable(),
  /** Null when the order cannot be placed as it is (an index, which no broker accepts an order for). */
  confirmationToken: z.string().nullable(),
  confirmationExpiresAt: z.string().nullable(),
  riskCheck: RiskCheck,
  exposure: PreviewExposure,
});
export type OrderPreview = z.infer<typeof OrderPreview>;

export const OrderStatus = z.object({
  orderId: z.string(),
  clientOrderId: z.string().nullable(),
  status: OrderStatusValue,
  brokerStatus: z.string().nullable(),
  filledQuantity: z.number().min(0),
  remainingQuantity: z.number().min(0),
  avgFillPrice: z.number().min(0),
  lastUpdate: z.string(),
  warnings: z.array(z.string()),
});
export type OrderStatus = z.infer<typeof OrderStatus>;

/** APPROVAL: the order waited for approval and was rejected, or its approval expired; nothing was sent. */
export const REJECT_REASONS = ["VALIDATION", "KILL_SWITCH", "RISK_LIMIT", "BROKER", "APPROVAL"] as const;

/** How an answer names the approval its order waits for (or waited for). */
export const ApprovalRef = z.object({
  approvalId: z.string().describe("apr_ followed by 22 URL-safe characters"),
  expiresAt: z.string().describe("When the approval can no longer be granted (ISO 8601)"),
  howToApprove: z.string().describe("Who can approve the order, and how"),
});
export type ApprovalRef = z.infer<typeof ApprovalRef>;

/** An execution known when a placement was answered. */
export const PlacementFill = z.object({
  execId: z.string(),
  time: z.string().describe("Broker execution time as the broker wrote it"),
  quantity: z.number(),
  price: z.number(),
});
export type PlacementFill = z.infer<typeof PlacementFill>;

export const OrderResult = z.object({
  orderId: z.string().nullable(),
  clientOrderId: z.string().nullable(),
  /**
   * UNKNOWN: the order was sent but its outcome is not known yet (connection lost); a replay later tells.
   * PENDING_APPROVAL: journalled and waiting for a person's approval (HTTP 202); nothing was sent.
   */
  status: z.enum(["ACCEPTED", "REJECTED", "SIMULATED", "UNKNOWN", "PENDING_APPROVAL"]),
  orderStatus: OrderStatus.nullable(),
  errors: z.array(z.string()),
  orderIds: z.array(z.string()),
  orderRoles: z.record(z.string(), z.string()),
  rejectReason: z.enum(REJECT_REASONS).nullable(),
  riskViolations: z.array(RiskViolation),
  idempotentReplay: z.boolean(),
  /** Executions known when the answer was made (a marketable order may fill within its first answer). */
  fills: z.array(PlacementFill).default([]),
  /** The approval of an order placed with a key whose orders need one; null for every other order. */
  approval: ApprovalRef.nullable().default(null),
});
export type OrderResult = z.infer<typeof OrderResult>;

export const CancelResult = z.object({
  orderId: z.string(),
  status: z.enum(["CANCELLED", "ALREADY_FILLED", "NOT_FOUND", "REJECTED", "PENDING_CANCEL"]),
  message: z.string().nullable(),
});
export type CancelResult = z.infer<typeof CancelResult>;

export const OpenOrder = z.object({
  orderId: z.string(),
  clientOrderId: z.string().nullable(),
  symbol: z.string(),
  side: Side,
  quantity: z.number(),
  orderType: z.string(),
  status: OrderStatusValue,
  brokerStatus: z.string(),
  filledQuantity: z.number(),
  remainingQuantity: z.number(),
  avgFillPrice: z.number(),
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  accountId: z.string(),
});
export type OpenOrder = z.infer<typeof OpenOrder>;
