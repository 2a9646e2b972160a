// Simulator figures: connect→ready latency of a raw client, and ticks per second delivered to one streaming client.
import { EventName } from "@stoqey/ib";
import { startSimulator } from "../../dist/sim/index.js";
import { connectRaw, disconnected } from "../lib/ib-client.mjs";
import { summarize, time } from "../lib/stats.mjs";

const AAPL = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };

export async function simulatorSuite({ quick }) {
  const sim = await startSimulator({ port: 0, seed: 42 });
  try {
    const connects = quick ? 3 : 200;
    const latencies = await time(connects, async (i) => {
      const ib = await connectRaw(sim.port, 100 + i);
      await disconnected(ib);
    });
    const ticks = await tickRate(sim, quick ? 200 : 3000);
    return [
      { name: "sim connect→ready", unit: "ms", ...summarize(latencies) },
      { name: "sim ticks/s to one streaming client", unit: "ticks/s", value: ticks },
    ];
  } finally {
    await sim.stop();
  }
}

/** Moves the AAPL quote as fast as the event loop allows and counts price ticks arriving at the client. */
async function tickRate(sim, durationMs) {
  const ib = await connectRaw(sim.port, 99);
  let ticks = 0;
  ib.on(EventName.tickPrice, () => (ticks += 1));
  ib.reqMktData(1_000_001, AAPL, "", false, false);
  await new Promise((r) => ib.once(EventName.tickPrice, r));
  ticks = 0;
  const start = performance.now();
  let step = 0;
  while (performance.now() - start < durationMs) {
    for (let i = 0; i < 50; i++, step++) {
      const mid = 250 + (step % 100) / 100;
      sim.control.setPrices({ symbol: "AAPL", bid: mid - 0.01, ask: mid + 0.01, last: mid });
    }
    await new Promise((r) => setImmediate(r));
  }
  // Let ticks already on the wire arrive before counting.
  await new Promise((r) => setTimeout(r, 100));
  const elapsedS = (performance.now() - start) / 1000;
  ib.cancelMktData(1_000_001);
  await disconnected(ib);
  return Math.round(ticks / elapsedS);
}
