// Writes that happen after an order was sent. They must not fail the answer (the order is live whatever the disk
// says) and must not be lost: a failure is logged and the write is tried again with growing delays until it lands
// or the attempts run out (then reconciliation on the next ready rebuilds what it can from the broker).
import type { GatewayServices } from "../services.js";

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000];

/**
 * Runs `write` now and settles once that first attempt is over (never rejects); on failure the write is retried in
 * the background (an attempt under way is tracked, so shutdown waits for it). `done` runs once, when it landed or was given up.
 */
export async function persistWithRetry(
  services: GatewayServices,
  what: string,
  clientOrderId: string,
  write: () => Promise<void>,
  done: () => void = () => undefined,
): Promise<void> {
  const attempt = async (n: number): Promise<void> => {
    try {
      await write();
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
      // A retry still waiting when the gateway stops is dropped: reconciliation rebuilds from the broker.
      setTimeout(() => services.orders.writes.track(attempt(n + 1)), delay).unref();
    }
  };
  await attempt(0);
}
