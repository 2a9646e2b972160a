// Attacks on the order path's guarantees, through the real app, the simulator over TCP and a real SQLite file: the
// kill switch against placements already waiting on a slow broker, a caller that timed out, a store that fails
// after the send, a bracket that fills within its first answer, and concurrent broker queries.
import { setTimeout as sleep } from "node:timers/promises";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { writeKillSwitch } from "../../../src/safety/index.js";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { auditRows, B, get, post, simOrders, type Body } from "./support/orders.js";
import { sqliteOf } from "../../support/sqlite.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const WORKING = new Set(["PreSubmitted", "Submitted"]);
const working = (g: TestGateway) => simOrders(g).filter((o) => WORKING.has(o.status));
const resting = (key: string) => B({ orderType: "LMT", limitPrice: 50, clientOrderId: key });

describe("kill switch against placements already under way", () => {
  it("refuses at the send gate every placement still waiting on its quote when the switch trips (REST)", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 300 });
    const placements = Array.from({ length: 20 }, (_, i) => post(g, "/orders", resting(`ks-${i}`)));
    await sleep(100);
    const tripped = await post(g, "/admin/kill-switch", { active: true, reason: "slow broker drill" });
    expect(tripped.status).toBe(200);
    const answers = (await Promise.all(placements)).map((r) => r.body as Body);
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 0 });
    expect(answers.map((a) => a.rejectReason)).toEqual(Array(20).fill("KILL_SWITCH"));
    expect(simOrders(g)).toHaveLength(0);
    for (let i = 0; i < 20; i += 1) expect(sqliteOf(g).getJournalEntry(`ks-${i}`)?.state).toBe("NOT_SENT");
  });

  it("sees a switch another process wrote to the file, without waiting for the once-a-second watch", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 300 });
    const placements = Array.from({ length: 10 }, (_, i) => post(g, "/orders", resting(`file-${i}`)));
    await sleep(100);
    writeKillSwitch(g.services.config.killSwitchFile, "from the CLI", "cli", new Date());
    const answers = (await Promise.all(placements)).map((r) => r.body as Body);
    expect(answers.every((a) => a.rejectReason === "KILL_SWITCH")).toBe(true);
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 0 });
    expect(simOrders(g)).toHaveLength(0);
  });

  it("cancels at the broker once connectivity returns when the switch tripped during a 1100 outage", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    expect((await post(g, "/orders", resting("before-outage"))).body.status).toBe("ACCEPTED");
    expect(working(g)).toHaveLength(1);
    g.simulator!.control.addFault({ kind: "connectivity-lost" });
    await expect.poll(() => g.services.broker.connection.state).toBe("connectivity-lost");
    await post(g, "/admin/kill-switch", { active: true, reason: "outage" });
    const row = auditRows(g, "KILL_SWITCH").at(-1)!.eventData;
    expect(row).toMatchObject({ active: true, global_cancel: "deferred until the broker is ready" });
    expect(working(g)).toHaveLength(1);
    g.simulator!.control.addFault({ kind: "connectivity-restored" });
    await expect.poll(() => working(g).length, { timeout: 5000 }).toBe(0);
  });
});

describe("a caller that stopped waiting is never sent to", () => {
  it("answers 504 and never sends the order when the broker answers after the request limit", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", API_REQUEST_TIMEOUT: "1" } });
    const g = gw;
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 1500 });
    const res = await post(g, "/orders", resting("late"));
    expect(res.status).toBe(504);
    await expect.poll(() => sqliteOf(g).getJournalEntry("late")?.state, { timeout: 5000 }).toBe("NOT_SENT");
    // Let every delayed reply arrive: nothing may be sent on the late quote's behalf.
    await sleep(2000);
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 0 });
    expect(simOrders(g)).toHaveLength(0);
    // The same order under the same key may now be placed: nothing of it exists at the broker.
    const retry = await post(g, "/orders", resting("late"));
    expect(retry.body).toMatchObject({ status: "ACCEPTED", idempotentReplay: false });
    expect(simOrders(g)).toHaveLength(1);
  });

  it("refuses at the gate when the limit passes while the open-orders count is awaited (quote already warm)", async () => {
    gw = await startTestGateway({
      env: { ORDERS_ENABLED: "true", API_REQUEST_TIMEOUT: "1", MAX_OPEN_ORDERS: "10", QUOTE_STREAM_IDLE_SEC: "60" },
    });
    const g = gw;
    // Warm the contract and a held quote line, so the only broker wait left is the open-orders count.
    expect((await post(g, "/orders", resting("warm"))).body.status).toBe("ACCEPTED");
    await post(g, "/market-data/quote", { symbol: "AAPL", securityType: "STK" });
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 1500 });
    const res = await post(g, "/orders", resting("count-late"));
    expect(res.status).toBe(504);
    await expect.poll(() => sqliteOf(g).getJournalEntry("count-late")?.state, { timeout: 5000 }).toBe("NOT_SENT");
    await sleep(2000);
    g.simulator!.control.addFault({ kind: "delay-ms", ms: 0 });
    expect(simOrders(g).map((o) => o.orderRef)).toEqual(["warm"]);
  });
});

describe("the store failing after the send", () => {
  it("answers the live order, keeps the claim, and records the outcome once the store works again", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    // A second connection in this process: open it between the gateway's transactions (they end within one turn).
    await new Promise((resolve) => setImmediate(resolve));
    const db = new BetterSqlite3(g.services.config.auditDbPath);
    db.exec(
      `CREATE TRIGGER refuse_outcome BEFORE UPDATE ON order_journal WHEN NEW.state NOT IN ('SENT', 'NOT_SENT')
       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    try {
      const placed = await post(g, "/orders", resting("disk"));
      expect(placed.status).toBe(200);
      expect(placed.body).toMatchObject({ status: "ACCEPTED", clientOrderId: "disk" });
      expect(placed.body.orderId).toMatch(/^\d+$/);
      expect(sqliteOf(g).getJournalEntry("disk")?.state).toBe("SENT");
      // A retry while the store still fails answers the broker's order, never a second one.
      const retry = await post(g, "/orders", resting("disk"));
      expect(retry.body).toMatchObject({ status: "ACCEPTED", orderId: placed.body.orderId, idempotentReplay: true });
      expect(simOrders(g)).toHaveLength(1);
    } finally {
      db.exec("DROP TRIGGER refuse_outcome");
      db.close();
    }
    await expect.poll(() => sqliteOf(g).getJournalEntry("disk")?.state, { timeout: 20_000 }).toBe("ACKNOWLEDGED");
    expect(sqliteOf(g).findOrdersByClientOrderId("disk")).toHaveLength(1);
    expect(auditRows(g, "ORDER_SUBMIT").filter((r) => r.eventData.client_order_id === "disk")).toHaveLength(1);
    expect(g.logs.some((l) => l.includes("could not be recorded; retrying"))).toBe(true);
  });
});

describe("brokers' truth for brackets", () => {
  it("answers ACCEPTED for a bracket whose entry and stop fill within the first answer", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    // AAPL bid 99 / ask 101 / last 100: the entry at 102 fills at once, the stop at 100.5 triggers at once.
    const placed = await post(g, "/orders", {
      ...B({ orderType: "BRACKET", limitPrice: 102, clientOrderId: "fast-bracket" }),
      takeProfitPrice: 110,
      stopLossPrice: 100.5,
    });
    expect(placed.body).toMatchObject({ status: "ACCEPTED", rejectReason: null });
    await expect
      .poll(() =>
        simOrders(g)
          .map((o) => o.status)
          .sort(),
      )
      .toEqual(["Cancelled", "Filled", "Filled"]);
    expect(auditRows(g, "ORDER_REJECTED")).toHaveLength(0);
  });
});

describe("concurrent broker queries share one request", () => {
  it("answers five concurrent account summaries and open-order lists without error 322 or a short count", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    for (let i = 0; i < 3; i += 1) await post(g, "/orders", resting(`q-${i}`));
    const [summaries, lists] = await Promise.all([
      Promise.all(Array.from({ length: 5 }, () => get(g, "/account/summary"))),
      Promise.all(Array.from({ length: 5 }, () => get(g, "/orders/open"))),
    ]);
    expect(summaries.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(summaries.map((r) => r.body.netLiquidation)).size).toBe(1);
    expect(lists.map((r) => r.body.length)).toEqual([3, 3, 3, 3, 3]);
  });
});
