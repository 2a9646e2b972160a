// `node bench/compare.mjs --baseline DIR`: this checkout's gateway against another built checkout's gateway, side by
// side. Both run as their own processes against one simulator and their calls alternate, so both see the same
// machine state; on a VM, two separate `npm run bench` runs can differ by more than most single changes.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { call, closeAgent } from "./lib/http-client.mjs";
import { startGatewayProcess, waitHealthy } from "./lib/gateway-process.mjs";
import { startSimProcess } from "./lib/sim-process.mjs";
import { printTable } from "./lib/table.mjs";
import { summarize } from "./lib/stats.mjs";

const USAGE = `Usage: node bench/compare.mjs --baseline DIR [--samples N] [--out FILE]

Measures the gateway of this checkout against the gateway of another checkout (DIR), alternating their calls against
one simulator: quote, account summary, positions, preview, place, order status and cancel, one call every 120 ms.
Build both first (npm run build); for an earlier commit: git worktree add ../baseline <commit>, then npm ci and
npm run build in ../baseline.

  --baseline DIR  the other checkout (must contain dist/cli/main.js)
  --samples N     timed calls per operation and gateway (default 40, at least 1)
  --out FILE      JSON results (default bench/results/compare.json)
  -h, --help      this text`;

const GAP_MS = 120;
const AAPL = { symbol: "AAPL", securityType: "STK" };
const RESTING_LMT = { instrument: AAPL, side: "BUY", quantity: 1, orderType: "LMT", limitPrice: 50 };

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        baseline: { type: "string" },
        samples: { type: "string", default: "40" },
        out: { type: "string", default: new URL("results/compare.json", import.meta.url).pathname },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    return usageError(error.message);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!parsed.baseline) return usageError("--baseline is required");
  const baselineBin = join(resolve(parsed.baseline), "dist", "cli", "main.js");
  if (!existsSync(baselineBin)) return usageError(`${baselineBin} does not exist: run npm run build in the baseline`);
  const samples = Number(parsed.samples);
  if (!Number.isInteger(samples) || samples < 1) return usageError(`--samples must be a whole number >= 1`);
  return { baselineBin, samples, out: resolve(parsed.out) };
}

function usageError(message) {
  console.error(`compare: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** Each operation: a call against one gateway; `state` keeps what that gateway's earlier calls returned. */
const OPERATIONS = [
  ["quote warm, snapshot", (base) => call(base, "POST", "/market-data/quote", AAPL)],
  ["account summary", (base) => call(base, "GET", "/account/summary")],
  ["positions", (base) => call(base, "GET", "/account/positions")],
  ["preview LMT", (base) => call(base, "POST", "/orders/preview", RESTING_LMT)],
  [
    "place LMT ack",
    async (base, state) => state.placed.push((await call(base, "POST", "/orders", RESTING_LMT)).orderId),
  ],
  ["order status", (base, state) => call(base, "GET", `/orders/${state.placed[state.statusAt++]}/status`)],
  ["cancel", (base, state) => call(base, "POST", `/orders/${state.placed[state.cancelAt++]}/cancel`)],
];

const ORDER_PATHS = new Set(["place LMT ack", "order status", "cancel"]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const { baselineBin, samples, out } = options();
  const dir = mkdtempSync(join(tmpdir(), "bench-compare-"));
  const cleanup = [];
  try {
    const sim = await startSimProcess({ seed: 42 });
    cleanup.push(() => sim.stop());
    await sim.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
    const start = async (label, clientId, bin) => {
      const path = join(dir, label);
      mkdirSync(path);
      const gw = await startGatewayProcess(sim.port, path, { PAPER_CLIENT_ID: String(clientId) }, { bin });
      cleanup.push(() => gw.stop());
      await waitHealthy(gw.base);
      return { label, base: gw.base, state: { placed: [], statusAt: 0, cancelAt: 0 } };
    };
    const gateways = [await start("baseline", 1, baselineBin), await start("current", 4, undefined)];
    const rows = [];
    for (const [name, fn] of OPERATIONS) {
      process.stderr.write(`${name}...\n`);
      const times = { baseline: [], current: [] };
      // Untimed warm-up calls for the read paths; placing follows the preview, which warms the same path, so every
      // order placed is timed, then asked for and cancelled once.
      const warmups = ORDER_PATHS.has(name) ? 0 : 2;
      for (const gw of gateways) for (let i = 0; i < warmups; i++) await fn(gw.base, gw.state);
      for (let i = 0; i < samples; i++) {
        // Alternate which gateway goes first, so neither always follows the other's wake-up.
        for (const gw of i % 2 === 0 ? gateways : [...gateways].reverse()) {
          await sleep(GAP_MS);
          const t0 = performance.now();
          await fn(gw.base, gw.state);
          times[gw.label].push(performance.now() - t0);
        }
      }
      const baseline = summarize(times.baseline);
      const current = summarize(times.current);
      rows.push({ name, unit: "ms", baseline, current, changeMs: current.p50 - baseline.p50 });
    }
    printComparison(rows);
    mkdirSync(join(out, ".."), { recursive: true });
    const report = { started: new Date().toISOString(), samples, gapMs: GAP_MS, baseline: baselineBin, results: rows };
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Results written to ${out}`);
  } finally {
    for (const stop of cleanup.reverse()) await stop();
    closeAgent();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printComparison(rows) {
  const header = ["operation (median ms)", "baseline", "current", "change", "change %"];
  const lines = rows.map((r) => [
    r.name,
    r.baseline.p50.toFixed(3),
    r.current.p50.toFixed(3),
    `${r.changeMs >= 0 ? "+" : ""}${r.changeMs.toFixed(3)}`,
    `${r.changeMs >= 0 ? "+" : ""}${((100 * r.changeMs) / r.baseline.p50).toFixed(1)} %`,
  ]);
  printTable(header, lines);
}

await main();
