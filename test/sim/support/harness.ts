// Per-test lifecycle for simulator tests: start simulators and clients, close all of them in afterEach, and fail the
// test if `@stoqey/ib` reported a decoding error (505) on any client.

import { afterEach, expect } from "vitest";
import { SecType, type Contract } from "@stoqey/ib";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../src/sim/index.js";
import { TestClient } from "./client.js";

/** The two server versions the conformance suite runs at: the one ib_async speaks and the one @stoqey/ib prefers. */
export const VERSIONS = [178, 193] as const;

export const ACCOUNT = "DU1234567";

export const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
export const MSFT: Contract = { symbol: "MSFT", secType: SecType.STK, exchange: "SMART", currency: "USD" };
export const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
export const EURUSD: Contract = { symbol: "EUR", secType: SecType.CASH, exchange: "IDEALPRO", currency: "USD" };
export const SPX: Contract = { symbol: "SPX", secType: SecType.IND, exchange: "CBOE", currency: "USD" };
export const ES: Contract = { symbol: "ES", secType: SecType.FUT, exchange: "CME", currency: "USD" };

export interface Harness {
  start(options?: SimulatorOptions): Promise<RunningSimulator>;
  /** A ready client (nextValidId and managedAccounts received). */
  connect(sim: RunningSimulator, clientId?: number): Promise<TestClient>;
}

export function useSimulator(): Harness {
  const cleanups: (() => unknown)[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    const decoding = clients.flatMap((c) => c.decodingErrors);
    clients.length = 0;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    expect(decoding).toEqual([]);
  });
  return {
    async start(options = {}) {
      const sim = await startSimulator({ port: 0, ...options });
      cleanups.push(() => sim.stop());
      return sim;
    },
    async connect(sim, clientId = 1) {
      const client = new TestClient(sim.port);
      clients.push(client);
      cleanups.push(() => client.disconnect());
      await client.connect(clientId);
      return client;
    },
  };
}
