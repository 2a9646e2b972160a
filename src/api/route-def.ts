// The shape of one REST route: an HTTP method and path mapped to one operation.
import type { z } from "zod";
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
  /**
   * A route with both path parameters and a body (input "body"): the path parameters' schema and the body's; the
   * operation receives the two merged.
   */
  params?: z.ZodType;
  body?: z.ZodType;
  /** The success status when it is not always 200 (the answer decides, e.g. 202 for an order that waits). */
  statusOf?: (output: unknown) => number;
}
