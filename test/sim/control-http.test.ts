// The loopback HTTP control API over a real listen + fetch: every route, its 400/404/405 answers, and
// `Port <p> is already in use` for both listeners.

import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, TimeInForce } from "@stoqey/ib";
import { startSimulator } from "../../src/sim/index.js";
import { AAPL, ACCOUNT, useSimulator } from "./support/harness.js";

async function call(
  port: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  return { status: response.status, json: await response.json() };
}

describe("HTTP control API", () => {
  const harness = useSimulator();

  async function started() {
    const sim = await harness.start({ controlPort: 0, seed: 7 });
    return { sim, port: sim.controlPort ?? 0 };
  }

  it("reports state with the documented fields", async () => {
    const { sim, port } = await started();
    await harness.connect(sim, 4);
    const { status, json } = await call(port, "GET", "/state");
    expect(status).toBe(200);
    expect(Object.keys(json as object).sort()).toEqual(
      [
        "account",
        "cash",
        "clients",
        "faults",
        "netLiquidation",
        "orders",
        "positions",
        "prices",
        "seed",
        "serverVersionMax",
      ].sort(),
    );
    expect(json).toMatchObject({
      serverVersionMax: 193,
      account: ACCOUNT,
      seed: 7,
      clients: [{ clientId: 4, serverVersion: 193 }],
    });
  });

  it("pins prices and answers 404 for an unknown symbol and 400 for a bad body", async () => {
    const { port } = await started();
    const pinned = await call(port, "POST", "/prices", { symbol: "aapl", bid: 100, ask: 100.5 });
    expect(pinned).toMatchObject({ status: 200, json: { symbol: "AAPL", bid: 100, ask: 100.5 } });
    expect((await call(port, "POST", "/prices", { symbol: "NOT-A-SYMBOL", last: 1 })).status).toBe(404);
    expect(await call(port, "POST", "/prices", { symbol: "AAPL", bid: -1 })).toEqual({
      status: 400,
      json: { error: "bid must be a non-negative number" },
    });
    expect(await call(port, "POST", "/prices", "{not json")).toEqual({
      status: 400,
      json: { error: "Body is not valid JSON" },
    });
  });

  it("forces a partial fill by permId and refuses an unknown permId", async () => {
    const { sim, port } = await started();
    const client = await harness.connect(sim);
    client.api.placeOrder(1, AAPL, {
      action: OrderAction.BUY,
      totalQuantity: 10,
      orderType: OrderType.LMT,
      lmtPrice: 100,
      transmit: true,
    });
    const [, , , , , permId] = await client.waitFor(
      EventName.orderStatus,
      (id: number, s: string) => id === 1 && s === "Submitted",
    );
    const fill = await call(port, "POST", "/fills", { permId, quantity: 4, price: 99.5 });
    expect(fill).toMatchObject({ status: 200, json: { orderId: 1, filled: 4, remaining: 6, status: "Submitted" } });
    const [, , filled, remaining] = await client.waitFor(
      EventName.orderStatus,
      (id: number, _s: string, f: number) => id === 1 && f === 4,
    );
    expect([filled, remaining]).toEqual([4, 6]);
    expect((await call(port, "POST", "/fills", { permId: 1, quantity: 1 })).status).toBe(404);
    expect((await call(port, "POST", "/fills", { permId: "x", quantity: 1 })).status).toBe(400);
  });

  it("shows every order field the simulator decoded, so a test can check what reached the broker", async () => {
    const { sim, port } = await started();
    sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.02, last: 250 });
    const client = await harness.connect(sim);
    client.api.placeOrder(1, AAPL, {
      action: OrderAction.SELL,
      totalQuantity: 10,
      orderType: OrderType.TRAIL_LIMIT,
      trailingPercent: 1,
      trailStopPrice: 240,
      lmtPriceOffset: 0.5,
      tif: TimeInForce.GTC,
      goodTillDate: "20300101 16:00:00 US/Eastern",
      outsideRth: true,
      ocaGroup: "g1",
      ocaType: 2,
      orderRef: "trail-1",
      transmit: true,
    });
    client.api.placeOrder(2, AAPL, {
      action: OrderAction.SELL,
      totalQuantity: 5,
      orderType: OrderType.STP,
      auxPrice: 200,
      goodAfterTime: "20300101 09:30:00 US/Eastern",
      transmit: true,
    });
    await client.waitFor(EventName.orderStatus, (id: number, s: string) => id === 2 && s === "Submitted");
    const { json } = await call(port, "GET", "/state");
    const [trail, stop] = (json as { orders: Record<string, unknown>[] }).orders;
    expect(trail).toMatchObject({
      orderType: "TRAIL LIMIT",
      trailingPercent: 1,
      lmtPriceOffset: 0.5,
      auxPrice: null,
      tif: "GTC",
      status: "Submitted",
      goodTillDate: "20300101 16:00:00 US/Eastern",
      outsideRth: true,
      ocaGroup: "g1",
      ocaType: 2,
      orderRef: "trail-1",
      placed: { trailStopPrice: 240, trailingPercent: 1, lmtPriceOffset: 0.5, outsideRth: true, ocaType: 2 },
    });
    // trailStopPrice is the engine's current stop: 1 % under the last price (above the 240 sent), then under a new high.
    expect(trail?.trailStopPrice).toBe(247.5);
    sim.control.setPrices({ symbol: "AAPL", bid: 260, ask: 260.02, last: 260 });
    const moved = (await call(port, "GET", "/state")).json as { orders: Record<string, unknown>[] };
    expect(moved.orders[0]).toMatchObject({ trailStopPrice: 257.4, placed: { trailStopPrice: 240 } });
    expect(stop).toMatchObject({
      orderType: "STP",
      auxPrice: 200,
      lmtPrice: null,
      trailingPercent: null,
      trailStopPrice: null,
      goodAfterTime: "20300101 09:30:00 US/Eastern",
      placed: { auxPrice: 200, transmit: true, hidden: false },
    });
  });

  it("runs auctions, adds faults, resets, and validates each body", async () => {
    const { port } = await started();
    expect(await call(port, "POST", "/auction", { type: "close" })).toEqual({ status: 200, json: { ok: true } });
    expect((await call(port, "POST", "/auction", { type: "noon" })).status).toBe(400);
    expect(await call(port, "POST", "/faults", { kind: "no-data", symbol: "AAPL" })).toEqual({
      status: 200,
      json: { faults: [{ kind: "no-data", symbol: "AAPL" }] },
    });
    expect((await call(port, "POST", "/faults", { kind: "meteor" })).status).toBe(400);
    expect((await call(port, "POST", "/faults", { kind: "delay-ms" })).status).toBe(400);
    expect(await call(port, "POST", "/reset")).toEqual({ status: 200, json: { ok: true } });
    expect((await call(port, "GET", "/state")).json).toMatchObject({ faults: [] });
  });

  it("answers 404 for unknown paths and 405 for the wrong method", async () => {
    const { port } = await started();
    expect(await call(port, "GET", "/nope")).toEqual({ status: 404, json: { error: "Not found" } });
    expect(await call(port, "GET", "/prices")).toEqual({ status: 405, json: { error: "Method not allowed" } });
  });
});

describe("ports in use", () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  async function occupiedPort(): Promise<number> {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  it("rejects a busy TWS port with `Port <p> is already in use`", async () => {
    const port = await occupiedPort();
    await expect(startSimulator({ port })).rejects.toThrow(`Port ${port} is already in use`);
  });

  it("rejects a busy control port the same way and leaves nothing listening", async () => {
    const port = await occupiedPort();
    await expect(startSimulator({ port: 0, controlPort: port })).rejects.toThrow(`Port ${port} is already in use`);
  });
});
