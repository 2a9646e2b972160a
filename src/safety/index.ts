// Public surface of the safety layer: the pure risk policy, the order-rate window and the kill switch file.
export { evaluateRisk, type RiskContext, type RiskDecision, type RiskOrder } from "./risk-policy.js";
export { SlidingWindow } from "./sliding-window.js";
export { clearKillSwitch, readKillSwitch, writeKillSwitch, type KillSwitchSource } from "./kill-switch-file.js";
