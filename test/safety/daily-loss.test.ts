// The MAX_DAILY_LOSS guard end to end: the gateway's standing P&L subscription against
// its embedded simulator over TCP; AAPL is pinned so the account's daily P&L lands just above or at the limit.
import { afterEach, describe, expect, it } from "vitest";
import { get, post } from "../operations/orders/support/orders.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { waitFor } from "../broker/support/harness.js";
import { killSwitchRows, pinDailyPnl, placeResting, RESTING, simStatus } from "./support.js";
import { sqliteOf } from "../support/sqlite.js";

/** The broker pushes P&L at most once per second; room for one throttled push on a loaded machine. */
const PUSH = { timeout: 3000 };
let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

/** Prices stay at their prior close (daily P&L 0) until a test pins AAPL. */
async function start(): Promise<TestGateway> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_DAILY_LOSS: "1000" }, pinAapl: false });
  await expect.poll(() => gw!.dailyLoss.latestDailyPnl, PUSH).toBe(0);
  return gw;
}

const killSwitch = async () => (await get(gw!, "/admin/kill-switch")).body;
const BREACH = "Daily loss limit breached: dailyPnL -1234.50 <= -1000.00";

describe("daily loss guard", () => {
  it("trips the kill switch once, with source auto, cancelling resting orders and refusing new ones", async () => {
    gw = await start();
    const resting = await placeResting(gw);
    pinDailyPnl(gw.simulator!, -1234.5);
    await expect.poll(killSwitch, PUSH).toMatchObject({ active: true, reason: BREACH, source: "auto" });
    await expect.poll(() => simStatus(gw!, resting)).toBe("Cancelled");
    await expect
      .poll(() => killSwitchRows(gw!))
      .toEqual([{ active: true, reason: BREACH, source: "auto", cancelled_open_orders: 1 }]);
    const [row] = sqliteOf(gw).queryAudit({ eventType: "KILL_SWITCH", limit: 10 }).records;
    expect(row).toMatchObject({ correlationId: null, userContext: { interface: "system" } });
    expect(gw.services.metrics.snapshot().gauges.kill_switch_active).toEqual({ __total__: 1 });
    expect(gw.logs.some((l) => l.includes("WARNING") && l.includes("Daily loss limit breached"))).toBe(true);
    expect((await get(gw, "/health")).body.kill_switch).toMatchObject({ active: true, reason: BREACH });
    expect((await get(gw, "/trading-status")).body.killSwitch).toMatchObject({ active: true, source: "auto" });
    const refused = await post(gw, "/orders", RESTING);
    expect(refused.body).toMatchObject({ status: "REJECTED", errors: [`Kill switch is active: ${BREACH}`] });
    pinDailyPnl(gw.simulator!, -1500);
    await expect.poll(() => gw!.dailyLoss.latestDailyPnl, PUSH).toBe(-1500);
    expect(killSwitchRows(gw)).toHaveLength(1);
  });

  it("does not trip just above the limit, and trips exactly at it", async () => {
    gw = await start();
    const resting = await placeResting(gw);
    pinDailyPnl(gw.simulator!, -999.99);
    await expect.poll(() => gw!.dailyLoss.latestDailyPnl, PUSH).toBe(-999.99);
    expect((await killSwitch()).active).toBe(false);
    expect(simStatus(gw, resting)).toBe("Submitted");
    expect((await post(gw, "/orders", RESTING)).body.status).toBe("ACCEPTED");
    pinDailyPnl(gw.simulator!, -1000);
    await expect
      .poll(killSwitch, PUSH)
      .toMatchObject({ active: true, reason: "Daily loss limit breached: dailyPnL -1000.00 <= -1000.00" });
  });

  it("keeps watching after the broker connection is re-established", async () => {
    gw = await start();
    const reconnected = waitFor<{ type: string }>(
      (l) => gw!.services.broker.connection.onConnectionEvent(l),
      (e) => e.type === "connected",
    );
    gw.simulator!.control.addFault({ kind: "drop-connections" });
    await reconnected;
    pinDailyPnl(gw.simulator!, -1234.5);
    await expect.poll(killSwitch, PUSH).toMatchObject({ active: true, reason: BREACH, source: "auto" });
  });

  it("holds exactly one P&L subscription at the broker while running, none once stopped", async () => {
    gw = await start();
    const subscriptions = () => gw!.simulator!.control.stats().subscriptions;
    await expect.poll(subscriptions).toBe(1);
    gw.dailyLoss.stop();
    await expect.poll(subscriptions).toBe(0);
  });
});
