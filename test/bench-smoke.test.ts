// The benchmark harness runs end to end with tiny iteration counts and writes well-formed results.
// It checks that figures exist and are plausible numbers, never how fast anything is.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./support/spawn.js";

/** Runs a bench script from the project root, its results written to `out` in a directory removed afterwards. */
function benchScript(args: (out: string) => string[], check: (stdout: string, out: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const out = join(dir, "results.json");
    const run = spawnSync(process.execPath, args(out), { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    check(run.stdout, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it("npm run bench --quick prints a table and writes JSON results", () => {
  benchScript(
    (out) => ["bench/run.mjs", "--quick", "--out", out],
    (stdout, out) => {
      expect(stdout).toContain("sim connect→ready");
      const report = JSON.parse(readFileSync(out, "utf8")) as {
        quick: boolean;
        machine: { cores: number; node: string };
        results: { name: string; p50?: number; value?: number }[];
      };
      expect(report.quick).toBe(true);
      expect(report.machine.node).toBe(process.version);
      const connect = report.results.find((r) => r.name === "sim connect→ready");
      expect(connect?.p50).toBeGreaterThan(0);
      const ticks = report.results.find((r) => r.name.startsWith("sim ticks/s"));
      expect(ticks?.value).toBeGreaterThan(0);
      for (const mode of ["snapshot", "streaming lines"]) {
        const rest = report.results.find((r) => r.name === `quote warm, ${mode} (REST)`) as
          { p50?: number; ratio?: number } | undefined;
        expect(rest?.p50).toBeGreaterThan(0);
        expect(rest?.ratio).toBeGreaterThan(0);
        const rss = report.results.find((r) => r.name === `gateway RSS idle, ${mode}`);
        expect(rss?.value).toBeGreaterThan(10);
        expect(report.results.filter((r) => r.name.includes(`, ${mode} (autocannon)`))).toHaveLength(3);
      }
      for (const figure of ["place LMT ack", "cancel", "account summary", "positions"]) {
        for (const path of ["REST", "adapter", "raw IBApi"]) {
          const row = report.results.find((r) => r.name === `${figure} (${path})`);
          expect(row?.p50, `${figure} (${path})`).toBeGreaterThan(0);
        }
      }
      for (const label of ["1 client × 20 instruments", "10 clients × 20 instruments"]) {
        const latency = report.results.find((r) => r.name === `fan-out tick→client, ${label}`) as
          { n?: number; p50?: number } | undefined;
        expect(latency?.n, label).toBeGreaterThan(0);
        expect(latency?.p50, label).toBeGreaterThanOrEqual(0);
        const delivered = report.results.find((r) => r.name === `fan-out quotes delivered/s, ${label}`);
        expect(delivered?.value, label).toBeGreaterThan(0);
        const rss = report.results.find((r) => r.name === `fan-out gateway RSS peak, ${label}`);
        expect(rss?.value, label).toBeGreaterThan(10);
      }
      const floor = report.results.filter((r) => r.name.startsWith("http floor"));
      expect(floor).toHaveLength(2);
      for (const row of floor) expect(row.p50).toBeGreaterThan(0);
    },
  );
}, 150_000);

it("bench/compare.mjs measures two builds side by side and writes JSON results", () => {
  // This checkout against itself: the harness is checked, not whether anything got faster.
  benchScript(
    (out) => ["bench/compare.mjs", "--baseline", ROOT, "--samples", "2", "--out", out],
    (stdout, out) => {
      expect(stdout).toContain("operation (median ms)");
      const report = JSON.parse(readFileSync(out, "utf8")) as {
        samples: number;
        results: { name: string; baseline: { n: number; p50: number }; current: { n: number; p50: number } }[];
      };
      expect(report.samples).toBe(2);
      expect(report.results.map((r) => r.name)).toEqual([
        "quote warm, snapshot",
        "account summary",
        "positions",
        "preview LMT",
        "place LMT ack",
        "order status",
        "cancel",
      ]);
      for (const row of report.results) {
        for (const side of [row.baseline, row.current]) {
          expect(side.n, row.name).toBe(2);
          expect(side.p50, row.name).toBeGreaterThan(0);
        }
      }
    },
  );
}, 150_000);

it("bench/compare.mjs refuses a baseline that is not built, with its usage", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-compare-"));
  try {
    const run = spawnSync(process.execPath, ["bench/compare.mjs", "--baseline", dir], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(dir, "dist", "cli", "main.js")} does not exist: run npm run build`);
    expect(run.stderr).toContain("Usage: node bench/compare.mjs --baseline DIR");
    expect(run.stdout).toBe("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("npm run chaos loses, doubles and leaves unrecorded nothing while the connection drops", () => {
  benchScript(
    (out) => ["bench/chaos.mjs", "--orders", "40", "--drops", "4", "--seed", "2", "--out", out],
    (stdout, out) => {
      expect(stdout).toContain("answers without order id");
      const report = JSON.parse(readFileSync(out, "utf8")) as Record<string, number>;
      expect(report).toMatchObject({
        orders: 40,
        answered: 40,
        drops: 4,
        lost: 0,
        duplicated: 0,
        unknownToHistory: 0,
        fillsMissing: 0,
        answersWithoutId: 0,
        unsettledJournal: 0,
      });
    },
  );
}, 150_000);
