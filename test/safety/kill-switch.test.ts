// The kill switch end to end: the real gateway on its embedded simulator over
// TCP, the real SQLite file and the spawned CLI sharing the kill switch file with the running gateway.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Broker } from "../../src/broker/index.js";
import { get, post, simOrders } from "../operations/orders/support/orders.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { runBin } from "../support/spawn.js";
import {
  killSwitchRows,
  placeRaw,
  placeResting,
  RESTING,
  rawClient,
  sharedEnv,
  simStatus,
  tempDir,
} from "./support.js";

let gw: TestGateway | undefined;
let raw: Broker | undefined;
let dir: string | undefined;
afterEach(async () => {
  raw?.stop();
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  gw = raw = dir = undefined;
});

const ON = { ORDERS_ENABLED: "true" };
/** The gateway re-reads the file once per second; a little slack for a loaded machine. */
const FILE_WATCH = { timeout: 3000 };
const cli = (args: string[]) => runBin("cli/main.js", args, { env: sharedEnv(dir!), cwd: dir! });

async function expectRefused(reason: string): Promise<void> {
  const before = simOrders(gw!).length;
  const res = await post(gw!, "/orders", RESTING);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    status: "REJECTED",
    rejectReason: "KILL_SWITCH",
    errors: [`Kill switch is active: ${reason}`],
  });
  expect(simOrders(gw!)).toHaveLength(before);
}

describe("kill switch through REST (AC-50)", () => {
  it("cancels the resting order, refuses placements, keeps previews and reports itself everywhere", async () => {
    dir = tempDir();
    gw = await startTestGateway({ env: ON, dir });
    const resting = await placeResting(gw);
    const on = await post(gw, "/admin/kill-switch", { active: true, reason: "test" });
    expect(on.body).toMatchObject({ active: true, reason: "test", source: "rest" });
    await expect.poll(() => simStatus(gw!, resting)).toBe("Cancelled");
    await expect.poll(async () => (await get(gw!, `/orders/${resting}/status`)).body.status).toBe("CANCELLED");
    await expectRefused("test");
    const preview = await post(gw, "/orders/preview", RESTING);
    expect(preview.status).toBe(200);
    expect(preview.body.riskCheck.passed).toBe(false);
    expect(preview.body.riskCheck.violations).toContainEqual(expect.objectContaining({ rule: "KILL_SWITCH" }));
    expect(killSwitchRows(gw)).toEqual([{ active: true, reason: "test", source: "rest", cancelled_open_orders: 1 }]);
    expect(gw.services.metrics.snapshot().gauges.kill_switch_active).toEqual({ __total__: 1 });
    expect(gw.logs.some((l) => l.includes("WARNING") && l.includes("Kill switch activated"))).toBe(true);
    expect((await get(gw, "/health")).body.kill_switch).toMatchObject({ active: true, reason: "test" });
    expect((await get(gw, "/trading-status")).body.killSwitch).toMatchObject({ active: true, reason: "test" });
    expect((await get(gw, "/admin/kill-switch")).body).toMatchObject({ active: true, reason: "test", source: "rest" });
  });

  it("stays active across a restart, and `kill-switch off` from the CLI lets orders through again", async () => {
    dir = tempDir();
    gw = await startTestGateway({ env: ON, dir });
    await post(gw, "/admin/kill-switch", { active: true, reason: "test" });
    await gw.close();
    gw = await startTestGateway({ env: ON, dir });
    expect((await get(gw, "/health")).body.kill_switch).toMatchObject({ active: true, reason: "test" });
    await expectRefused("test");
    const off = await cli(["kill-switch", "off"]);
    expect(off).toMatchObject({
      code: 0,
      stdout: "Kill switch OFF: new orders are accepted again (orders it cancelled are not restored).\n",
    });
    await expect
      .poll(() => killSwitchRows(gw!).filter((r) => r.source === "file"), FILE_WATCH)
      .toEqual([{ active: false, reason: null, source: "file" }]);
    expect(killSwitchRows(gw).map((r) => r.source)).toEqual(["rest", "cli", "file"]);
    expect(gw.services.metrics.snapshot().gauges.kill_switch_active).toEqual({ __total__: 0 });
    expect((await post(gw, "/orders", RESTING)).body.status).toBe("ACCEPTED");
  });

  it("sends a global cancel again on every reconnect while active", async () => {
    gw = await startTestGateway({ env: ON });
    await post(gw, "/admin/kill-switch", { active: true, reason: "drill" });
    // Another program trading the account places an order the gateway never saw; the switch must still catch it.
    raw = await rawClient(gw.simulator!, 91);
    const rawStatus = await placeRaw(raw, gw.simulator!);
    expect(rawStatus()).toBe("Submitted");
    const reconnected = new Promise<void>((resolve) => {
      const off = gw!.services.broker.connection.onConnectionEvent((e) => {
        if (e.type === "connected" && e.reconnect) resolve(off());
      });
    });
    gw.simulator!.control.addFault({ kind: "drop-connections" });
    await reconnected;
    await expect.poll(rawStatus).toBe("Cancelled");
  });
});

describe("kill switch through the CLI while a gateway runs", () => {
  it("blocks orders within a second and cancels the resting ones; both processes audit it", async () => {
    dir = tempDir();
    gw = await startTestGateway({ env: ON, dir });
    const resting = await placeResting(gw);
    const on = await cli(["kill-switch", "on", "--reason", "halt"]);
    expect(on).toMatchObject({
      code: 0,
      stdout: "Kill switch ON: halt. The running gateway cancelled 1 open order and refuses new ones.\n",
      stderr: "",
    });
    await expect.poll(() => simStatus(gw!, resting), FILE_WATCH).toBe("Cancelled");
    await expect
      .poll(() => killSwitchRows(gw!).find((r) => r.source === "file"), FILE_WATCH)
      .toEqual({ active: true, reason: "halt", source: "file", cancelled_open_orders: 1 });
    const cliRow = killSwitchRows(gw).find((r) => r.source === "cli");
    // The CLI process has no broker connection: the running gateway performs the cancel.
    expect(cliRow).toEqual({ active: true, reason: "halt", source: "cli" });
    await expectRefused("halt");
  });

  it("fails closed on an unreadable kill switch file", async () => {
    dir = tempDir();
    gw = await startTestGateway({ env: ON, dir });
    writeFileSync(join(dir, "KILL_SWITCH"), "{not json");
    await expectRefused("Kill switch file unreadable");
    expect((await get(gw, "/admin/kill-switch")).body).toMatchObject({
      active: true,
      reason: "Kill switch file unreadable",
    });
  });
});
