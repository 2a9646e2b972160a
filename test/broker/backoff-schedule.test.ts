// The reconnect schedule of driven by an injected fake clock (no real waiting): 1, 2, 4, 8, 16, 30, 30 s
// plus at most 10 % jitter between failed attempts, and a client id already in use (326) keeps the loop going.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Broker, ContractCache, type ConnectionStatus } from "../../src/broker/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { FakeClock } from "./support/fake-clock.js";
import { waitFor } from "./support/harness.js";

const SCHEDULE_MS = [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000];

/** A port nobody listens on: bind, note the port, close. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

/** Random values the jitter draws, cycling: none, half and (almost) all of the 10 %. */
function cycling(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe("reconnect backoff on a fake clock", () => {
  const brokers: Broker[] = [];
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    for (const broker of brokers.splice(0)) broker.stop();
    await sim?.stop();
    sim = undefined;
  });

  function broker(port: number, clock: FakeClock, clientId: number, random: () => number): Broker {
    const b = new Broker({ host: "127.0.0.1", port, clientId, clock, random, contractCache: new ContractCache() });
    brokers.push(b);
    return b;
  }
  const failures = (b: Broker) => (listener: (s: ConnectionStatus) => void) => b.connection.onStateChange(listener);

  /** Starts (or resumes) one attempt and resolves with the delay the broker then waits before the next one. */
  async function nextDelay(b: Broker, clock: FakeClock, run: () => void): Promise<number> {
    const failed = waitFor(failures(b), (s) => s.state === "disconnected");
    run();
    await failed;
    expect(clock.pendingTimers).toHaveLength(1);
    return clock.pendingTimers[0] ?? 0;
  }

  it("waits 1, 2, 4, 8, 16, 30, 30 s plus at most 10 % jitter between refused attempts", async () => {
    const clock = new FakeClock();
    const jitter = [0, 0.5, 0.999];
    const b = broker(await freePort(), clock, 1, cycling(jitter));
    const delays: number[] = [await nextDelay(b, clock, () => b.start())];
    for (let i = 1; i < SCHEDULE_MS.length; i++) {
      const wait = delays[i - 1] ?? 0;
      delays.push(await nextDelay(b, clock, () => clock.advance(wait)));
    }
    expect(delays).toEqual(SCHEDULE_MS.map((base, i) => Math.round(base * (1 + 0.1 * (jitter[i % 3] ?? 0)))));
    for (const [i, delay] of delays.entries()) {
      const base = SCHEDULE_MS[i] ?? 0;
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(base * 1.1);
    }
    expect(b.connection.status().lastError).toMatch(/^Connection refused at 127\.0\.0\.1:\d+\./);
  });

  it("keeps backing off while the client id is in use (326), then connects once it is free", async () => {
    sim = await startSimulator({ port: 0 });
    const holder = broker(sim.port, new FakeClock(), 77, () => 0);
    holder.start();
    await waitFor(failures(holder), (s) => s.state === "ready");
    const clock = new FakeClock();
    const twin = broker(sim.port, clock, 77, () => 0);
    expect(await nextDelay(twin, clock, () => twin.start())).toBe(1000);
    const inUse = `Client id 77 is already in use at 127.0.0.1:${sim.port}`;
    expect(twin.connection.status().lastError).toBe(inUse);
    expect(await nextDelay(twin, clock, () => clock.advance(1000))).toBe(2000);
    expect(twin.connection.status()).toMatchObject({ state: "disconnected", lastError: inUse });
    holder.stop();
    // The simulator frees the id when it sees the holder's socket close; an attempt racing that gets 326 again.
    let state = "disconnected";
    for (let attempt = 0; attempt < 5 && state !== "ready"; attempt++) {
      const next = waitFor(failures(twin), (s) => s.state === "ready" || s.state === "disconnected");
      clock.advance(clock.pendingTimers[0] ?? 0);
      state = (await next).state;
    }
    expect(state).toBe("ready");
    expect(twin.connection.status().reconnects).toBe(0);
  });
});
