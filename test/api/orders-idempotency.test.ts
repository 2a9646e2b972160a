// Idempotent placement by clientOrderId: retries, restarts on the same database, concurrent requests, a key reused
// for another order, and an order known only to the broker. A standalone simulator outlives the gateway restarts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { B, get, post } from "../operations/orders/support/orders.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway | undefined;
let sim: RunningSimulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await gw?.close();
  await sim?.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  gw = sim = undefined;
});

const ORDER = B({ orderType: "LMT", limitPrice: 50, clientOrderId: "abc" });

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gw-idem-"));
  dirs.push(dir);
  return dir;
}

async function gatewayOn(simulator: RunningSimulator, dir: string): Promise<TestGateway> {
  return startTestGateway({
    simulate: false,
    waitReady: true,
    dir,
    overrides: { gatewayPort: simulator.port },
    env: { ORDERS_ENABLED: "true" },
  });
}

describe("clientOrderId replays", () => {
  it("returns the same order on retries and after a restart on the same database (AC-23)", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = tempDir();
    gw = await gatewayOn(sim, dir);
    const first = (await post(gw, "/orders", ORDER)).body;
    expect(first).toMatchObject({ status: "ACCEPTED", idempotentReplay: false });
    const second = (await post(gw, "/orders", ORDER)).body;
    expect(second).toMatchObject({ orderId: first.orderId, status: "ACCEPTED", idempotentReplay: true });
    await gw.close();

    gw = await gatewayOn(sim, dir);
    const third = (await post(gw, "/orders", ORDER)).body;
    expect(third).toMatchObject({ orderId: first.orderId, idempotentReplay: true });
    expect(third.orderStatus).toMatchObject({ status: "SUBMITTED", brokerStatus: "Submitted" });
    const orders = sim.control.state().orders;
    expect(orders).toHaveLength(1);
    expect(orders[0]!.orderRef).toBe("abc");
    expect((await get(gw, `/orders/${first.orderId}/status`)).body.clientOrderId).toBe("abc");
  });

  it("answers 409 IDEMPOTENCY_CONFLICT naming the fields when a key is reused for another order", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const first = (await post(gw, "/orders", ORDER)).body;
    expect(first.status).toBe("ACCEPTED");
    const other = await post(gw, "/orders", { ...ORDER, side: "SELL", quantity: 7 });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      error_code: "IDEMPOTENCY_CONFLICT",
      details: { clientOrderId: "abc", fields: ["quantity", "side"] },
    });
    const symbol = await post(gw, "/orders", { ...ORDER, instrument: { symbol: "MSFT", securityType: "STK" } });
    expect(symbol.body.details.fields).toEqual(["instrument.symbol"]);
    // Spelling out the default account is the same order, not a conflict.
    const spelled = (await post(gw, "/orders", { ...ORDER, accountId: "DU1234567" })).body;
    expect(spelled).toMatchObject({ orderId: first.orderId, idempotentReplay: true });
    expect(gw.simulator!.control.state().orders).toHaveLength(1);
  });

  it("finds an order at the broker by orderRef when the database has no record", async () => {
    sim = await startSimulator({ port: 0 });
    gw = await gatewayOn(sim, tempDir());
    const placed = (await post(gw, "/orders", ORDER)).body;
    await gw.close();

    gw = await gatewayOn(sim, tempDir());
    // The registry is rebuilt from the broker's open orders after the connect.
    await expect.poll(async () => (await get(gw!, "/orders/open")).body.length).toBe(1);
    const replay = (await post(gw, "/orders", ORDER)).body;
    expect(replay).toMatchObject({ orderId: placed.orderId, status: "ACCEPTED", idempotentReplay: true });
    expect(sim.control.state().orders).toHaveLength(1);
  });

  it("serialises concurrent requests with the same key: one order, the others replay", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const results = await Promise.all([1, 2, 3].map(() => post(gw!, "/orders", ORDER)));
    const bodies = results.map((r) => r.body);
    expect(new Set(bodies.map((b) => b.orderId)).size).toBe(1);
    expect(bodies.filter((b) => b.idempotentReplay)).toHaveLength(2);
    expect(gw.simulator!.control.state().orders).toHaveLength(1);
  });

  it("refreshes the replayed status from the broker", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const placed = (await post(gw, "/orders", ORDER)).body;
    await post(gw, `/orders/${placed.orderId}/cancel`);
    const replay = (await post(gw, "/orders", ORDER)).body;
    expect(replay).toMatchObject({ orderId: placed.orderId, status: "ACCEPTED", idempotentReplay: true });
    expect(replay.orderStatus.status).toBe("CANCELLED");
  });

  it("journals a refused attempt as NOT_SENT, so the same order may be tried again with its key", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDER_QUANTITY: "5" } });
    const big = { ...ORDER, quantity: 10 };
    const refused = (await post(gw, "/orders", big)).body;
    expect(refused.rejectReason).toBe("RISK_LIMIT");
    expect(sqliteOf(gw).getJournalEntry("abc")).toMatchObject({ state: "NOT_SENT" });
    // Another order under the same key is still a conflict; the same order is evaluated afresh.
    expect((await post(gw, "/orders", ORDER)).status).toBe(409);
    expect((await post(gw, "/orders", big)).body.rejectReason).toBe("RISK_LIMIT");
    expect(gw.simulator!.control.state().orders).toHaveLength(0);
  });

  it("places an order without a clientOrderId under a generated one, carried to the broker as orderRef", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const placed = (await post(gw, "/orders", { ...ORDER, clientOrderId: undefined })).body;
    expect(placed.status).toBe("ACCEPTED");
    expect(placed.clientOrderId).toMatch(/^gw-[0-9a-z]+-[0-9a-f]{12}$/);
    expect(gw.simulator!.control.state().orders[0]!.orderRef).toBe(placed.clientOrderId);
    expect(sqliteOf(gw).getJournalEntry(placed.clientOrderId)).toMatchObject({
      state: "ACKNOWLEDGED",
      orderId: placed.orderId,
      source: "rest",
    });
  });
});

describe("journal entry written before sending", () => {
  it("answers 503 STORE_UNAVAILABLE and sends nothing when the entry cannot be written", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    // A real SQLite failure on insert, made by a second connection to the same file.
    const { default: Database } = await import("better-sqlite3");
    // A second connection in this process: open it between the gateway's transactions (they end within one turn).
    await new Promise((resolve) => setImmediate(resolve));
    const db = new Database(gw.services.config.auditDbPath);
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON order_journal BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    db.close();
    const res = await post(gw, "/orders", ORDER);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error_code: "STORE_UNAVAILABLE",
      message: "Order placement failed: the order journal could not be written; nothing was sent",
      details: { clientOrderId: "abc", orderSent: false },
    });
    // Every order is journalled, with or without a key of the caller's.
    const withoutKey = await post(gw, "/orders", { ...ORDER, clientOrderId: undefined });
    expect(withoutKey.status).toBe(503);
    expect(gw.simulator!.control.state().orders).toHaveLength(0);
  });
});
