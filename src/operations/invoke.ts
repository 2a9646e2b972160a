// Runs one operation the way every interface must: the caller's key scope, broker fail-fast, the whole-request time
// limit with the underlying work aborted, and one error type out. Interfaces call this instead of `op.run` directly.
import { GatewayError } from "../domain/index.js";
import { requireReadyBroker, type Operation } from "./operation.js";
import { requireScope } from "./scopes.js";
import type { GatewayServices, OperationContext } from "./services.js";

export interface InvokeOptions {
  /** Whole-request limit in seconds. */
  timeoutSec: number;
}

export async function invoke<I, O>(
  op: Operation,
  services: GatewayServices,
  input: I,
  ctx: OperationContext,
  options: InvokeOptions,
): Promise<O> {
  requireScope(op, ctx);
  if (op.needsBroker) requireReadyBroker(services);
  const controller = new AbortController();
  const forward = () => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener("abort", forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      const error = new GatewayError("TIMEOUT", `Request timed out after ${options.timeoutSec}s`);
      controller.abort(error);
      reject(error);
    }, options.timeoutSec * 1000);
  });
  // Past this point (an order handed to the broker) the caller must get the real outcome, never a timeout.
  const commit = (): boolean => {
    if (timedOut || controller.signal.aborted) return false;
    clearTimeout(timer);
    return true;
  };
  try {
    const run = op.run(services, input, { ...ctx, signal: controller.signal, commit }) as Promise<O>;
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", forward);
  }
}
