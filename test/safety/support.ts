// Helpers for the kill switch and daily-loss tests: a directory that survives a gateway restart, KILL_SWITCH audit
// rows, a resting order placed through REST, a second raw API client at the gateway's simulator, and pinning
// AAPL so that the account's daily P&L becomes an exact amount.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { Broker, ContractCache } from "../../src/broker/index.js";
import { OrderSpec } from "../../src/domain/index.js";
import type { RunningSimulator } from "../../src/sim/index.js";
import type { TestGateway } from "../support/gateway.js";
import { auditRows, B, post, simOrders } from "../operations/orders/support/orders.js";
import { sqliteOf } from "../support/sqlite.js";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "gw-safety-"));
}

/** The environment a spawned CLI needs to share the gateway's kill switch file and audit database. */
export function sharedEnv(dir: string): Record<string, string> {
  return { AUDIT_DB_PATH: join(dir, "audit.db"), KILL_SWITCH_FILE: join(dir, "KILL_SWITCH") };
}

/** event_data of the KILL_SWITCH rows, oldest first. */
export function killSwitchRows(gw: TestGateway): Record<string, unknown>[] {
  return auditRows(gw, "KILL_SWITCH").map((r) => r.eventData as Record<string, unknown>);
}

/** BUY 1 AAPL LMT 50: rests at the simulator while AAPL trades near 100 or above. */
export const RESTING = B({ orderType: "LMT", limitPrice: 50 });

/** Places the resting order through REST and waits until the simulator works it; returns the gateway order id. */
export async function placeResting(gw: TestGateway): Promise<string> {
  const res = await post(gw, "/orders", RESTING);
  expect(res.body.status).toBe("ACCEPTED");
  const orderId = res.body.orderId as string;
  await expect.poll(() => simStatus(gw, orderId)).toBe("Submitted");
  return orderId;
}

/** The simulator's status text of the order the gateway knows as `orderId`. */
export function simStatus(gw: TestGateway, orderId: string): string | undefined {
  const ibkrOrderId = sqliteOf(gw).getOrder(orderId)?.ibkrOrderId;
  return simOrders(gw).find((o) => o.clientId === gw.config.clientId && String(o.orderId) === String(ibkrOrderId))
    ?.status;
}

/** A second API client at the simulator (another program trading the same account); stop it when done. */
export async function rawClient(sim: RunningSimulator, clientId: number): Promise<Broker> {
  const broker = new Broker({
    host: sim.host,
    port: sim.port,
    clientId,
    contractCache: new ContractCache(),
    backoffMs: () => 50,
  });
  broker.start();
  await broker.connection.waitUntilReady(5000);
  return broker;
}

/** Places the resting order from a raw client, bypassing the gateway; returns a reader of its simulator status. */
export async function placeRaw(client: Broker, sim: RunningSimulator): Promise<() => string | undefined> {
  const contract = await client.contracts.resolve({ symbol: "AAPL", securityType: "STK" });
  // The broker adapter names an order by its permId once the broker assigned one.
  const { orderId } = await client.orders.place(OrderSpec.parse(RESTING), contract);
  return () => sim.control.state().orders.find((o) => String(o.permId) === orderId)?.status;
}

/**
 * Pins AAPL so that the account's daily P&L is `daily`: the initial account holds AAPL +100 and MES +1 and,
 * with static prices, MES stays at its prior close; daily = (last − prior close) × 100.
 */
export function pinDailyPnl(sim: RunningSimulator, daily: number): void {
  const close = sim.control.state().prices["AAPL"]?.close;
  if (close === undefined) throw new Error("AAPL not listed by the simulator");
  const last = Math.round((close + daily / 100) * 1e6) / 1e6;
  sim.control.setPrices({ symbol: "AAPL", bid: last - 0.01, ask: last + 0.01, last });
}
