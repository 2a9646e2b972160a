// permIds and execution ids across simulator restarts: unique by default (a client's audit store keeps them across
// runs), identical from run to run when the simulator is started deterministic.

import { describe, expect, it } from "vitest";
import { EventName, OrderAction, OrderType, TimeInForce } from "@stoqey/ib";
import type { SimulatorOptions } from "../../src/sim/index.js";
import { AAPL, useSimulator } from "./support/harness.js";

const START_MS = Date.UTC(2025, 5, 4, 15, 0);

describe("permIds and execution ids across restarts", () => {
  const harness = useSimulator();

  /** One simulator run: a market order filled; returns the permId and execution id the client saw. */
  async function run(options: SimulatorOptions): Promise<{ permId: number; execId: string }> {
    const sim = await harness.start(options);
    const client = await harness.connect(sim);
    sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.02 });
    const order = { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.MKT, tif: TimeInForce.DAY };
    client.api.placeOrder(1, AAPL, { ...order, transmit: true });
    const [[, , , , , permId], [, , execution]] = await Promise.all([
      client.waitFor(EventName.orderStatus, (_id: number, status: string) => status === "Filled"),
      client.waitFor(EventName.execDetails),
    ]);
    client.disconnect();
    await sim.stop();
    return { permId: permId as number, execId: (execution as { execId: string }).execId };
  }

  it("gives a restarted simulator permIds and execution ids the earlier run did not use", async () => {
    const first = await run({ clock: { now: () => START_MS } });
    const second = await run({ clock: { now: () => START_MS + 1_000 } });
    expect(second.permId).toBeGreaterThan(first.permId);
    expect(second.execId).not.toBe(first.execId);
    // Still a 32-bit int, as every TWS client decodes it.
    expect(second.permId).toBeLessThan(2 ** 31);
  });

  it("numbers from 1,000,001 in every run when started deterministic", async () => {
    const first = await run({ deterministic: true, clock: { now: () => START_MS } });
    const second = await run({ deterministic: true, clock: { now: () => START_MS + 60_000 } });
    expect(first).toEqual({ permId: 1_000_001, execId: "0000e0d5.00000001.01.01" });
    expect(second).toEqual(first);
  });
});
