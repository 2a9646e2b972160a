// Public surface of the safety layer: the pure risk policy (global and per-key limits) and order valuation, the
// order-rate window and the kill switch file.
export { evaluateRisk, type RiskContext, type RiskDecision, type RiskOrder, type UsageFacts } from "./risk-policy.js";
export {
  needsMarket,
  orderExposure,
  referencePrice,
  type Exposure,
  type ExposureFacts,
  type LegExposure,
  type MarketPrices,
  type ReferencePrice,
} from "./exposure.js";
export { collarBreach, type CollarBreach } from "./price-collar.js";
export { evaluateKeyLimits, type KeyLimitContext } from "./key-limits.js";
export { SlidingWindow } from "./sliding-window.js";
export { clearKillSwitch, readKillSwitch, writeKillSwitch, type KillSwitchSource } from "./kill-switch-file.js";
