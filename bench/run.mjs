// `npm run bench`: runs the benchmark suites against the simulator, prints one table and writes
// bench/results/latest.json. `--quick` uses tiny iteration counts (the smoke test runs it that way).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fanoutSuite } from "./suites/fanout.mjs";
import { gatewaySuite } from "./suites/gateway.mjs";
import { printTable } from "./lib/table.mjs";
import { simulatorSuite } from "./suites/simulator.mjs";
import { storeBackendsSuite } from "./suites/store-backends.mjs";

const quick = process.argv.includes("--quick");
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? process.argv[outIndex + 1] : new URL("results/latest.json", import.meta.url).pathname;

const fmt = (v) => (v === undefined || Number.isNaN(v) ? "" : v >= 100 ? v.toFixed(0) : v.toFixed(3));

function printResults(rows) {
  const header = ["figure", "unit", "n", "p50", "p90", "p99", "value", "vs raw"];
  const lines = rows.map((r) => [
    r.name,
    r.unit,
    r.n ?? "",
    fmt(r.p50),
    fmt(r.p90),
    fmt(r.p99),
    r.value ?? "",
    r.ratio === undefined ? "" : `${r.ratio}x`,
  ]);
  printTable(header, lines, 2);
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: process.platform,
};
console.log(`Benchmarks on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}${quick ? " [quick]" : ""}`);
const started = new Date().toISOString();
const rows = [];
for (const [name, suite] of [
  ["simulator", simulatorSuite],
  ["gateway vs raw client", gatewaySuite],
  ["store backends", storeBackendsSuite],
  ["quote fan-out over GET /stream", fanoutSuite],
]) {
  process.stderr.write(`running ${name}...\n`);
  rows.push(...(await suite({ quick })));
}
printResults(rows);
mkdirSync(new URL(".", `file://${out}`).pathname, { recursive: true });
writeFileSync(out, `${JSON.stringify({ started, quick, machine, results: rows }, null, 2)}\n`);
console.log(`Results written to ${out}`);
