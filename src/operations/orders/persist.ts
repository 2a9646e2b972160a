// Writes that happen after an order was sent. They must not fail the answer (the order is live whatever the disk
// says) and must not be lost: a failure is logged and the write is tried again with growing delays until it lands
// or the attempts run out (then reconciliation on the next ready rebuilds what it can from the broker).
import type { GatewayServices } from "../services.js";

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000];

/** Runs `write` now; on failure retries in the background. `done` runs once, when it landed or was given up. */
export function persistWithRetry(
  services: GatewayServices,
  what: string,
  clientOrderId: string,
  write: () => void,
  done: () => void = () => undefined,
): void {
  const attempt = (n: number): void => {
    try {
      write();
      if (n > 0)
        services.logger.warning(`Order ${what} recorded after ${n} retries`, { client_order_id: clientOrderId });
      done();
    } catch (error) {
      services.metrics.inc("audit_write_failures_total", {});
      const delay = RETRY_DELAYS_MS[n];
      if (delay === undefined) {
        services.logger.error(`Order ${what} could not be recorded; reconciliation will rebuild it from the broker`, {
          error,
          client_order_id: clientOrderId,
        });
        done();
        return;
      }
      services.logger.error(`Order ${what} could not be recorded; retrying in ${delay} ms`, {
        error,
        client_order_id: clientOrderId,
      });
      setTimeout(() => attempt(n + 1), delay).unref();
    }
  };
  attempt(0);
}
