// The REST routes, each a thin mapping from an HTTP method and path to one operation.
import {
  exportOrders,
  getAccountSummary,
  getHistoricalData,
  getKillSwitch,
  getPnl,
  getPositions,
  getQuote,
  health,
  queryAudit,
  HISTORICAL_REQUEST_TIMEOUT_SEC,
  resolveContract,
  setKillSwitch,
  tradingStatus,
  verifyAudit,
} from "../operations/index.js";
import { APPROVAL_ROUTES } from "./approval-routes.js";
import { ORDER_ROUTES } from "./order-routes.js";
import type { RouteDef } from "./route-def.js";

export type { RouteDef } from "./route-def.js";

export const ROUTES: readonly RouteDef[] = [
  { method: "GET", path: "/health", operation: health, input: "none", tags: ["service"] },
  { method: "GET", path: "/trading-status", operation: tradingStatus, input: "none", tags: ["service"] },
  { method: "POST", path: "/market-data/quote", operation: getQuote, input: "body", tags: ["market data"] },
  {
    method: "POST",
    path: "/market-data/historical",
    operation: getHistoricalData,
    input: "body",
    tags: ["market data"],
    timeoutSec: () => HISTORICAL_REQUEST_TIMEOUT_SEC,
  },
  { method: "POST", path: "/contracts/resolve", operation: resolveContract, input: "body", tags: ["market data"] },
  { method: "GET", path: "/account/summary", operation: getAccountSummary, input: "query", tags: ["account"] },
  { method: "GET", path: "/account/positions", operation: getPositions, input: "query", tags: ["account"] },
  { method: "GET", path: "/account/pnl", operation: getPnl, input: "query", tags: ["account"] },
  { method: "GET", path: "/admin/kill-switch", operation: getKillSwitch, input: "none", tags: ["admin"] },
  { method: "POST", path: "/admin/kill-switch", operation: setKillSwitch, input: "body", tags: ["admin"] },
  ...ORDER_ROUTES,
  ...APPROVAL_ROUTES,
  { method: "GET", path: "/audit", operation: queryAudit, input: "query", tags: ["audit"] },
  { method: "GET", path: "/audit/verify", operation: verifyAudit, input: "none", tags: ["audit"] },
  { method: "GET", path: "/audit/orders/export", operation: exportOrders, input: "query", tags: ["audit"] },
];
