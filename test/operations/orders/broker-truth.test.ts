// The broker's word over the gateway's guesses, against the simulator's faults: a warning before an order's first
// status leaves it live; an order whose connection died right after it was received is UNKNOWN, never lost and never
// sent twice; an order placed by a CLI that has exited is followed to its fill by the running server; ids that a
// restarted broker hands out again never make a replay report another order.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/sim/index.js";
import { runBin } from "../../support/spawn.js";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { auditRows, B, get, post, simOrders } from "./support/orders.js";
import { sqliteOf } from "../../support/sqlite.js";

let gw: TestGateway | undefined;
let sim: RunningSimulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await gw?.close();
  await sim?.stop();
  gw = sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gw-truth-"));
  dirs.push(dir);
  return dir;
}

describe("warning-class messages", () => {
  it("keeps an order live when 404 (held while shares are located) comes before its first status", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    gw.simulator!.control.addFault({ kind: "order-warning" });
    const placed = await post(gw, "/orders", B({ orderType: "MKT", side: "SELL", clientOrderId: "short-404" }));
    expect(placed.body).toMatchObject({ status: "ACCEPTED", rejectReason: null });
    expect(placed.body.orderStatus.warnings.join(" ")).toContain("located");
    const g = gw;
    await expect.poll(() => simOrders(g)[0]?.status).toBe("Filled");
    await expect.poll(async () => (await get(g, `/orders/${placed.body.orderId}/status`)).body.status).toBe("FILLED");
    expect(auditRows(g, "ORDER_REJECTED")).toHaveLength(0);
  });

  it("keeps a bracket's protective legs when its entry first draws a warning", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    gw.simulator!.control.addFault({
      kind: "order-warning",
      code: 399,
      message: "Warning: your order will not be placed at the exchange until market open",
    });
    const placed = await post(gw, "/orders", {
      ...B({ orderType: "BRACKET", limitPrice: 50, clientOrderId: "bracket-399" }),
      takeProfitPrice: 60,
      stopLossPrice: 40,
    });
    expect(placed.body).toMatchObject({ status: "ACCEPTED", rejectReason: null });
    expect(placed.body.orderIds).toHaveLength(3);
    const g = gw;
    expect(simOrders(g).map((o) => o.status)).not.toContain("Cancelled");
    expect(simOrders(g)).toHaveLength(3);
  });
});

describe("a connection that dies right after the order reached the broker", () => {
  it("answers UNKNOWN with an order id, then the real order after the reconnect, and never sends it twice", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const g = gw;
    g.simulator!.control.addFault({ kind: "drop-after-next-order" });
    const order = B({ orderType: "MKT", clientOrderId: "dropped" });
    const first = await post(g, "/orders", order);
    expect(first.status).toBe(503);
    expect(first.body.details).toMatchObject({ orderSent: true, status: "UNKNOWN", clientOrderId: "dropped" });
    const orderId = first.body.details.orderId as string;
    expect(orderId).toMatch(/^ord_\d+$/);
    expect(sqliteOf(g).getJournalEntry("dropped")?.state).toBe("UNKNOWN");
    await g.services.broker.connection.waitUntilReady(10_000);
    await expect.poll(() => sqliteOf(g).getJournalEntry("dropped")?.state, { timeout: 10_000 }).toBe("FILLED");
    const replay = await post(g, "/orders", order);
    expect(replay.body).toMatchObject({ status: "ACCEPTED", orderId, idempotentReplay: true });
    expect(replay.body.orderStatus.status).toBe("FILLED");
    expect(simOrders(g)).toHaveLength(1);
    const rows = sqliteOf(g).findOrdersByClientOrderId("dropped");
    expect(rows).toHaveLength(1);
    await expect.poll(() => sqliteOf(g).findOrdersByClientOrderId("dropped")[0]?.fillData?.filled_quantity).toBe(1);
    expect(auditRows(g, "ORDER_FILL").filter((r) => r.eventData.order_id === orderId)).toHaveLength(1);
  });
});

describe("an order placed by a CLI that has exited", () => {
  it("is followed to its fill by a server sharing the store", async () => {
    sim = await startSimulator({ port: 0 });
    const s = sim;
    s.control.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
    const dir = tempDir();
    gw = await startTestGateway({
      simulate: false,
      waitReady: true,
      dir,
      overrides: { gatewayPort: s.port },
      env: { ORDERS_ENABLED: "true" },
    });
    const g = gw;
    const cli = await runBin(
      "cli/main.js",
      [
        "--client-id",
        "7",
        "--json",
        "orders",
        "place",
        "AAPL",
        "--side",
        "BUY",
        "--qty",
        "2",
        "--type",
        "LMT",
        "--limit",
        "50",
        "--client-order-id",
        "from-cli",
        "--yes",
      ],
      {
        cwd: dir,
        env: {
          PAPER_GATEWAY_PORT: String(s.port),
          ORDERS_ENABLED: "true",
          AUDIT_DB_PATH: join(dir, "audit.db"),
          KILL_SWITCH_FILE: join(dir, "KILL_SWITCH"),
        },
      },
    );
    expect(cli.code, cli.stderr).toBe(0);
    const placed = JSON.parse(cli.stdout) as { orderId: string };
    // The CLI is gone; the order fills at the broker, seen by nobody.
    const permId = s.control.state().orders[0]!.permId;
    s.control.fill({ permId, quantity: 2, price: 50 });
    // The server's next return to ready (a dropped connection here) reconciles what it could not see.
    s.control.addFault({ kind: "drop-connections" });
    await expect.poll(() => sqliteOf(g).getOrder(placed.orderId)?.status, { timeout: 10_000 }).toBe("FILLED");
    expect(sqliteOf(g).getJournalEntry("from-cli")?.state).toBe("FILLED");
    await expect.poll(() => sqliteOf(g).getOrder(placed.orderId)?.fillData?.filled_quantity).toBe(2);
    expect(auditRows(g, "ORDER_FILL").filter((r) => r.eventData.order_id === placed.orderId)).toHaveLength(1);
  });
});

describe("a restarted broker that hands out the same ids again", () => {
  it("never answers a replay with another order that has the same permId", async () => {
    sim = await startSimulator({ port: 0, deterministic: true });
    const port = sim.port;
    const dir = tempDir();
    gw = await startTestGateway({
      simulate: false,
      waitReady: true,
      dir,
      overrides: { gatewayPort: port },
      env: { ORDERS_ENABLED: "true" },
    });
    const g = gw;
    const old = await post(g, "/orders", B({ orderType: "LMT", limitPrice: 50, clientOrderId: "before-restart" }));
    expect(old.body.status).toBe("ACCEPTED");
    await sim.stop();
    await expect.poll(() => g.services.broker.connection.state).not.toBe("ready");
    sim = await startSimulator({ port, deterministic: true });
    await expect.poll(() => g.services.broker.connection.state, { timeout: 10_000 }).toBe("ready");
    const other = await post(g, "/orders", B({ orderType: "MKT", side: "SELL", clientOrderId: "after-restart" }));
    expect(other.body.orderId).toBe(old.body.orderId);
    const replay = await post(g, "/orders", B({ orderType: "LMT", limitPrice: 50, clientOrderId: "before-restart" }));
    expect(replay.body).toMatchObject({
      orderId: old.body.orderId,
      clientOrderId: "before-restart",
      idempotentReplay: true,
    });
    expect(replay.body.orderStatus.clientOrderId).toBe("before-restart");
  });
});
