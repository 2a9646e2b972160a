// The REST routes of SPEC §15.1, each a thin mapping from an HTTP method and path to one operation.
import type { GatewayConfig } from "../config/index.js";
import { getKillSwitch, health, setKillSwitch, tradingStatus, type Operation } from "../operations/index.js";

export interface RouteDef {
  method: "GET" | "POST";
  /** Fastify path syntax (`:order_id`); docs and metrics show it as `{order_id}`. */
  path: string;
  operation: Operation;
  /** Where the operation's input comes from. */
  input: "none" | "body" | "query" | "params";
  tags: string[];
  /** Whole-request limit; defaults to API_REQUEST_TIMEOUT. */
  timeoutSec?: (config: GatewayConfig) => number;
}

export const ROUTES: readonly RouteDef[] = [
  { method: "GET", path: "/health", operation: health, input: "none", tags: ["service"] },
  { method: "GET", path: "/trading-status", operation: tradingStatus, input: "none", tags: ["service"] },
  { method: "GET", path: "/admin/kill-switch", operation: getKillSwitch, input: "none", tags: ["admin"] },
  { method: "POST", path: "/admin/kill-switch", operation: setKillSwitch, input: "body", tags: ["admin"] },
];
