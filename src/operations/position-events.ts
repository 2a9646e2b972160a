// The `positions` topic: a durable `position.update` event each time the broker reports a position of a managed
// account with another quantity or average price than the gateway last saw — after each fill, and after every
// (re)connect's resync (changes made while the gateway was away). The first resync after startup only takes the
// baseline: GET /account/positions answers the positions as they are. Market-value moves are not events.
import type { Position } from "../domain/index.js";
import type { GatewayServices } from "./services.js";
import { appendStreamEvent } from "./stream/index.js";

interface Held {
  readonly quantity: number;
  readonly avgPrice: number;
  /** The last full position seen, to report a closed position with. */
  readonly position: Position | null;
}

/** Waits this long after a fill before asking the broker, so a burst of partial fills is one fetch. */
const SETTLE_MS = 100;

export function recordPositionEvents(services: GatewayServices): () => void {
  const { broker, store, logger } = services;
  /** accountId → conId → last seen. Absent account = no baseline yet. */
  const baseline = new Map<string, Map<number, Held>>();
  const chains = new Map<string, Promise<void>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const compare = async (accountId: string, positions: readonly Position[]) => {
    const before = baseline.get(accountId);
    const after = new Map<number, Held>();
    for (const p of positions) after.set(p.conId, { quantity: p.quantity, avgPrice: p.avgPrice, position: p });
    baseline.set(accountId, after);
    if (!before) {
      logger.debug("Position baseline taken", { accountId, positions: positions.length });
      return;
    }
    for (const [conId, now] of after) {
      const was = before.get(conId);
      if (was && was.quantity === now.quantity && was.avgPrice === now.avgPrice) continue;
      await appendStreamEvent(store, logger, {
        topic: "positions",
        type: "position.update",
        data: { ...now.position },
      });
    }
    for (const [conId, was] of before) {
      if (after.has(conId) || was.position === null || was.quantity === 0) continue;
      const closed = { ...was.position, quantity: 0, marketValue: 0, unrealizedPnl: 0 };
      await appendStreamEvent(store, logger, { topic: "positions", type: "position.update", data: closed });
    }
  };

  /** One fetch per account at a time, in order. */
  const refresh = (accountId: string) => {
    const previous = chains.get(accountId) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (stopped) return;
      try {
        const { positions } = await broker.account.positions(accountId);
        if (!stopped) await compare(accountId, positions);
      } catch (error) {
        logger.warning("Reading positions for the stream failed", { error, accountId });
      }
    });
    chains.set(accountId, next);
  };

  const later = (accountId: string) => {
    if (timers.has(accountId)) return;
    const timer = setTimeout(() => {
      timers.delete(accountId);
      refresh(accountId);
    }, SETTLE_MS);
    timers.set(accountId, timer);
  };

  const offFill = broker.onFill((fill) => later(fill.accountId));
  const offResync = broker.onResync((report) => {
    const accounts = new Set([...broker.connection.managedAccounts, ...report.positions.map((p) => p.accountId)]);
    for (const accountId of accounts) refresh(accountId);
  });
  return () => {
    stopped = true;
    offFill();
    offResync();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
