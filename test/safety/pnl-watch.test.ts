// The broker's standing account P&L subscription: reqPnL kept open against the simulator
// over TCP, following price changes, re-established after a reconnect and a 1101 restore, never leaked.
import { afterEach, describe, expect, it } from "vitest";
import type { PnlUpdate, ResyncReport } from "../../src/broker/index.js";
import { pnlValue } from "../../src/broker/account/pnl-values.js";
import { startHarness, waitFor, type Harness } from "../broker/support/harness.js";
import { pinDailyPnl } from "./support.js";

/** The broker pushes P&L at most once per second; room for one throttled push on a loaded machine. */
const PUSH = { timeout: 3000 };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const subscriptions = () => h!.sim.control.stats().subscriptions;
/** A connected broker at rest holds no subscription at the simulator. */
const IDLE = 0;

/** Starts the harness and waits until its connect-time resync (positions, open orders) let go of its streams. */
async function settledHarness(): Promise<Harness> {
  h = await startHarness();
  await expect.poll(subscriptions).toBe(IDLE);
  return h;
}

describe("broker.account.watchPnl", () => {
  it("streams the default account's daily P&L and cancels the subscription on stop", async () => {
    h = await settledHarness();
    const updates: PnlUpdate[] = [];
    const stop = h.broker.account.watchPnl(null, (u) => updates.push(u));
    await expect.poll(() => updates.at(-1), PUSH).toMatchObject({ accountId: "DU1234567", daily: 0, realized: 0 });
    expect(subscriptions()).toBe(IDLE + 1);
    pinDailyPnl(h.sim, -1234.5);
    await expect.poll(() => updates.at(-1)?.daily, PUSH).toBe(-1234.5);
    stop();
    await expect.poll(subscriptions).toBe(IDLE);
  });

  it("opens at the next ready when requested before the broker connected", async () => {
    h = await settledHarness();
    const late = h.newBroker();
    const updates: PnlUpdate[] = [];
    const stop = late.account.watchPnl("DU1234567", (u) => updates.push(u));
    expect(updates).toHaveLength(0);
    late.start();
    await expect.poll(() => updates.length, PUSH).toBeGreaterThan(0);
    stop();
  });

  it("is re-established on a new socket after the connection drops, without leaking", async () => {
    h = await settledHarness();
    const updates: PnlUpdate[] = [];
    const stop = h.broker.account.watchPnl(null, (u) => updates.push(u));
    await expect.poll(() => updates.length, PUSH).toBeGreaterThan(0);
    const resynced = waitFor<ResyncReport>(
      (l) => h!.broker.onResync(l),
      (r) => r.reason === "reconnected",
    );
    h.sim.control.addFault({ kind: "drop-connections" });
    await resynced;
    await expect.poll(subscriptions).toBe(IDLE + 1);
    pinDailyPnl(h.sim, -500);
    await expect.poll(() => updates.at(-1)?.daily, PUSH).toBe(-500);
    stop();
    await expect.poll(subscriptions).toBe(IDLE);
  });

  it("is re-sent after a 1101 restore on the same socket, the old one cancelled", async () => {
    h = await settledHarness();
    const updates: PnlUpdate[] = [];
    const stop = h.broker.account.watchPnl(null, (u) => updates.push(u));
    await expect.poll(() => updates.length, PUSH).toBeGreaterThan(0);
    const before = updates.length;
    h.sim.control.addFault({ kind: "connectivity-lost" });
    await expect.poll(() => h!.broker.connection.state).toBe("connectivity-lost");
    h.sim.control.addFault({ kind: "connectivity-restored", dataLost: true });
    // The fresh subscription answers at once with the current figures, although nothing changed.
    await expect.poll(() => updates.length, PUSH).toBeGreaterThan(before);
    await expect.poll(subscriptions).toBe(IDLE + 1);
    stop();
    await expect.poll(subscriptions).toBe(IDLE);
  });

  it("counts the broker's unset value as 0", () => {
    expect(pnlValue(Number.MAX_VALUE)).toBe(0);
    expect(pnlValue(undefined)).toBe(0);
    expect(pnlValue(-12.5)).toBe(-12.5);
  });
});
