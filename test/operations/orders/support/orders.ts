// Helpers for the order tests: the B(x) order body, HTTP shortcuts over the real app, audit and order_history
// reads from the real SQLite file, and waiting for a condition re-checked on every broker order event (no sleeps).
import { createServer } from "node:net";
import type { AuditRecord } from "../../../../src/store/index.js";
import type { TestGateway } from "../../../support/gateway.js";
import { sqliteOf } from "../../../support/sqlite.js";

/** A response body as tests read it: field by field, the shape being what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions, not types, describe these bodies
export type Body = any;

/** `B(x)`: BUY 1 AAPL MKT merged with `x`. */
export function B(x: Record<string, unknown> = {}): Record<string, unknown> {
  return { instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", quantity: 1, orderType: "MKT", ...x };
}

export async function post(
  gw: TestGateway,
  url: string,
  payload?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Body }> {
  // Body-less POSTs (cancel) still declare JSON, as every client must: the gateway refuses CORS-simple writes.
  const json = { "content-type": "application/json", ...headers };
  const res = await gw.app.inject({
    method: "POST",
    url,
    ...(payload === undefined ? {} : { payload }),
    headers: json,
  });
  return { status: res.statusCode, body: res.json() };
}

export async function get(gw: TestGateway, url: string): Promise<{ status: number; body: Body }> {
  const res = await gw.app.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json() };
}

export function auditRows(gw: TestGateway, eventType: AuditRecord["eventType"]): AuditRecord[] {
  return sqliteOf(gw).queryAudit({ eventType, limit: 1000 }).records.reverse();
}

/** Orders the simulator holds (what-if orders are never kept). */
export function simOrders(gw: TestGateway) {
  const sim = gw.simulator;
  if (!sim) throw new Error("no embedded simulator");
  return sim.control.state().orders;
}

/**
 * Resolves once `check` holds; re-checked after every broker status or fill event, every settled placement, and
 * every 20 ms (the gateway records broker events asynchronously, just after they arrive).
 */
export function until(gw: TestGateway, check: () => boolean, what = "condition", timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      offs.forEach((off) => off());
      if (error) reject(error);
      else resolve();
    };
    const test = () => {
      if (check()) finish();
    };
    const timer = setTimeout(() => finish(new Error(`${what} not reached within ${timeoutMs} ms`)), timeoutMs);
    const poll = setInterval(test, 20);
    offs.push(
      gw.services.broker.onOrderStatus(test),
      gw.services.broker.onFill(test),
      gw.services.orders.onPlacementSettled(test),
    );
    test();
  });
}

/** A port with nothing listening on it (the broker is DOWN). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
