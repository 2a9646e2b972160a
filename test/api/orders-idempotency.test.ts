// Idempotent placement by clientOrderId (SPEC §5.3): retries, restarts on the same database, concurrent requests
// and an order known only to the broker. A standalone simulator outlives the gateway restarts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { B, get, post } from "../operations/orders/support/orders.js";

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
    const second = (await post(gw, "/orders", { ...ORDER, quantity: 7 })).body;
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

  it("finds an order at the broker by orderRef when the database has no record", async () => {
    sim = await startSimulator({ port: 0 });
    gw = await gatewayOn(sim, tempDir());
    const placed = (await post(gw, "/orders", ORDER)).body;
    await gw.close();

    gw = await gatewayOn(sim, tempDir());
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

  it("does not record simulated or rejected attempts, so a retry is evaluated afresh", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", MAX_ORDER_QUANTITY: "5" } });
    const refused = (await post(gw, "/orders", { ...ORDER, quantity: 10 })).body;
    expect(refused.rejectReason).toBe("RISK_LIMIT");
    expect(gw.services.store.getIdempotency("abc")).toBeUndefined();
    const accepted = (await post(gw, "/orders", ORDER)).body;
    expect(accepted).toMatchObject({ status: "ACCEPTED", idempotentReplay: false });
    expect(gw.services.store.getIdempotency("abc")?.orderId).toBe(accepted.orderId);
  });
});

describe("idempotency record written before sending", () => {
  it("answers 500 and sends nothing when the record cannot be written", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    // A real SQLite failure on insert, made by a second connection to the same file.
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(gw.services.config.auditDbPath);
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON idempotency_keys BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    db.close();
    const res = await post(gw, "/orders", ORDER);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error_code: "ORDER_PLACEMENT_ERROR",
      message: "Order placement failed: could not persist idempotency record",
    });
    expect(gw.simulator!.control.state().orders).toHaveLength(0);
    const withoutKey = await post(gw, "/orders", { ...ORDER, clientOrderId: undefined });
    expect(withoutKey.body.status).toBe("ACCEPTED");
  });
});
