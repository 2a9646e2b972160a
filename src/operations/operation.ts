// The shape of an operation: a named unit of work with input and output schemas, run with the gateway's services.
// REST routes, MCP tools and CLI commands are thin adapters over these; validation, safety, audit happen here once.
import type { z } from "zod";
import { GatewayError } from "../domain/index.js";
import type { GatewayServices, OperationContext } from "./services.js";

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Stable name, e.g. `get_quote`; also the MCP tool name where there is one. */
  readonly name: string;
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  /** True when the operation needs a ready broker connection (it then fails fast with 503 otherwise). */
  readonly needsBroker: boolean;
  run(services: GatewayServices, input: z.output<I>, ctx: OperationContext): Promise<z.output<O>>;
}

export function defineOperation<I extends z.ZodType, O extends z.ZodType>(op: Operation<I, O>): Operation<I, O> {
  return op;
}

/** Fail-fast: nothing waits for a connection on the request path. */
export function requireReadyBroker(services: GatewayServices): void {
  const state = services.broker.connection.state;
  if (state === "ready") return;
  const { gatewayHost, gatewayPort } = services.config;
  throw new GatewayError(
    "IBKR_CONNECTION_ERROR",
    `IBKR connection failed: not connected to IB Gateway at ${gatewayHost}:${gatewayPort} (state: ${state})`,
  );
}
