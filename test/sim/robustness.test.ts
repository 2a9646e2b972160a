// Robustness: garbage, oversized and truncated frames, 1-byte writes and abrupt disconnects must never take the
// simulator down or leave per-connection state behind; a normal client is served afterwards. Malformed requests are
// answered on their own id.

import { afterEach, describe, expect, it } from "vitest";
import { EventName, SecType } from "@stoqey/ib";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { TestClient } from "./support/client.js";
import { RawPeer } from "./support/raw.js";
import { frame, hello } from "./support/wire.js";

const ITERATIONS = 120;
const C12 = ["0", "AAPL", "STK", "", "", "", "", "SMART", "NASDAQ", "USD", "", ""];
/** Requests that create per-connection state (market-data line, PnL stream, account stream, keepUpToDate bars). */
const STATEFUL = [
  frame(["1", "11", "12", ...C12, "0", "233", "0", "0", ""]),
  frame(["92", "17", "DU1234567", ""]),
  frame(["6", "2", "1", "DU1234567"]),
  frame(["61", "1"]),
  frame(["20", "15", ...C12, "0", "", "5 secs", "1 D", "0", "MIDPOINT", "2", "1", ""]),
];

/** Small seeded generator so a failing iteration can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(next: () => number, max: number): Buffer {
  return Buffer.from(Array.from({ length: 1 + Math.floor(next() * max) }, () => Math.floor(next() * 256)));
}

type Scenario = (peer: RawPeer, next: () => number, clientId: number) => Promise<void>;

const SCENARIOS: Record<string, Scenario> = {
  async garbageInsteadOfHello(peer, next) {
    await peer.write(randomBytes(next, 64), next() < 0.5);
    peer.destroy();
  },
  async garbageFramesAfterStart(peer, next, clientId) {
    await peer.start(clientId);
    const body = randomBytes(next, 48);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length);
    await peer.write(Buffer.concat([header, body]), next() < 0.3);
    await peer.write(frame(["49", "1"]));
    peer.destroy();
  },
  async oversizedFrame(peer, next, clientId) {
    await peer.start(clientId);
    await peer.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, ...randomBytes(next, 16)]));
    await peer.whenClosed();
  },
  async truncatedFrameThenDrop(peer, next, clientId) {
    await peer.start(clientId);
    const whole = STATEFUL[Math.floor(next() * STATEFUL.length)] as Buffer;
    await peer.write(whole.subarray(0, 1 + Math.floor(next() * (whole.length - 1))), true);
    peer.destroy();
  },
  async subscriptionsThenAbruptDisconnect(peer, next, clientId) {
    await peer.start(clientId);
    for (const request of STATEFUL) await peer.write(request, next() < 0.2);
    peer.destroy();
  },
  async truncatedHelloThenDrop(peer, next) {
    const bytes = hello("v100..193");
    await peer.write(bytes.subarray(0, 1 + Math.floor(next() * (bytes.length - 1))), true);
    peer.destroy();
  },
};

/** Waits for a condition the simulator reaches asynchronously (socket teardown), re-checking every 10 ms. */
async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("robustness", () => {
  let sim: RunningSimulator | undefined;
  let client: TestClient | undefined;
  afterEach(async () => {
    client?.disconnect();
    await sim?.stop();
  });

  it(`survives ${ITERATIONS} hostile connections, releases their state and keeps serving`, async () => {
    const lines: string[] = [];
    sim = await startSimulator({ port: 0, log: (line) => lines.push(line) });
    const next = prng(20250102);
    const names = Object.keys(SCENARIOS);
    for (let i = 0; i < ITERATIONS; i++) {
      const name = names[Math.floor(next() * names.length)] as string;
      const peer = await RawPeer.open(sim.port);
      await (SCENARIOS[name] as Scenario)(peer, next, 1000 + i);
    }
    const running = sim;
    await eventually(() => running.control.stats().sockets === 0);
    expect(sim.control.stats()).toMatchObject({ sockets: 0, sessions: 0, subscriptions: 0, timers: 0 });
    expect(lines.some((line) => line.includes("exceeds"))).toBe(true);

    client = new TestClient(sim.port);
    await client.connect(1);
    client.api.reqContractDetails(5, { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" });
    await client.waitFor(EventName.contractDetailsEnd, (id: number) => id === 5);
    expect(sim.control.stats()).toMatchObject({ sockets: 1, sessions: 1 });
    expect(client.decodingErrors).toEqual([]);
  });

  it("answers a malformed request with 320 on its request or order id, and on -1 when none can be read", async () => {
    sim = await startSimulator({ port: 0 });
    const peer = await RawPeer.open(sim.port);
    try {
      await peer.start(7, "v100..178");
      await peer.write(frame(["62", "1", "16"]));
      await peer.write(frame(["3", "42", ...C12.slice(0, 5)]));
      await peer.write(frame(["62", "1", "x"]));
      await peer.write(frame(["49", "1"]));
      await peer.until(() => peer.frames.some((f) => f[0] === "49"));
      const errors = peer.frames.filter((f) => f[0] === "4" && f[3] === "320").map((f) => f[2]);
      expect(errors).toEqual(["16", "42", "-1"]);
      expect(peer.closed).toBe(false);
    } finally {
      peer.destroy();
    }
  });
});
