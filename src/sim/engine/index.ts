// Public surface of the order engine, for the session layer and the control API.
// Everything else in this folder is internal to the engine.

export { Engine } from "./engine.js";
export { runIdOffset } from "./ids.js";
export { LEDGER_KEYS } from "./account-report.js";
export type { ExecutionEntry } from "./execution-log.js";
export type {
  AccountRow,
  AccountValueRow,
  CommissionView,
  CompletedOrderView,
  EngineEvent,
  EngineState,
  ExecutionFilter,
  ExecutionView,
  OrderStateRow,
  OrderStatusText,
  OrderView,
  PnlSingleView,
  PnlView,
  PortfolioView,
  PositionStateRow,
  PositionView,
  SimOrder,
  WhatIfState,
} from "./types.js";
