// The shape of one REST route: an HTTP method and path mapped to one operation.
import type { GatewayConfig } from "../config/index.js";
import type { Operation } from "../operations/index.js";

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
