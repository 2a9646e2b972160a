// Expires approvals nobody decided within APPROVAL_TTL_SEC: each becomes EXPIRED, its journal entry NOT_SENT, with
// its APPROVAL_EXPIRED row and `approval.decided` event. Safe with several processes on one store: each expiry is a
// conditional update, so only one of them writes it.
import type { GatewayServices } from "../services.js";
import { expireIfDue } from "./decisions.js";

/** How often the sweeper looks: every second, or twice per TTL when the TTL is shorter. */
export function sweepIntervalMs(ttlSec: number): number {
  return Math.max(50, Math.min(1000, (ttlSec * 1000) / 2));
}

/** Expires every due approval now; returns how many this call expired. */
export async function expireDueApprovals(services: GatewayServices): Promise<number> {
  const nowIso = new Date(services.clock.now()).toISOString();
  let expired = 0;
  for (const record of await services.store.expiredApprovals(nowIso)) {
    if (await expireIfDue(services, record)) expired += 1;
  }
  return expired;
}

/** Starts the periodic sweep; returns the stop function. */
export function startApprovalSweeper(services: GatewayServices): () => void {
  let running = false;
  const sweep = async (): Promise<void> => {
    try {
      const expired = await expireDueApprovals(services);
      if (expired > 0) services.logger.info("Approvals expired", { expired });
    } catch (error) {
      services.logger.error("Expiring approvals failed", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // Tracked, so shutdown waits for a sweep in progress before it closes the store.
    services.orders.writes.track(sweep());
  }, sweepIntervalMs(services.config.approvalTtlSec));
  timer.unref();
  return () => clearInterval(timer);
}
