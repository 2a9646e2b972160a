// The benchmark harness runs end to end with tiny iteration counts and writes well-formed results.
// It checks that figures exist and are plausible numbers, never how fast anything is.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./support/spawn.js";

it("npm run bench --quick prints a table and writes JSON results", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const out = join(dir, "latest.json");
    const run = spawnSync(process.execPath, ["bench/run.mjs", "--quick", "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("sim connect→ready");
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
    const floor = report.results.filter((r) => r.name.startsWith("http floor"));
    expect(floor).toHaveLength(2);
    for (const row of floor) expect(row.p50).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);
