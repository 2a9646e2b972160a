// The seeded fuzzer against a gateway with its embedded simulator: 2,000 requests over every documented route,
// /mcp and unknown paths get no 5xx, only envelope error bodies outside /mcp, and leave the server answering.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../support/spawn.js";

it("npm run fuzz finds no 5xx and no non-envelope error in 2,000 seeded requests", () => {
  const dir = mkdtempSync(join(tmpdir(), "fuzz-test-"));
  try {
    const out = join(dir, "fuzz.json");
    const args = ["bench/fuzz.mjs", "--requests", "2000", "--seed", "7", "--out", out];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 240_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^status\s+count$/m);
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      requests: number;
      routes: number;
      histogram: Record<string, number>;
      failureCount: number;
      alive: boolean;
    };
    expect(report).toMatchObject({ requests: 2000, failureCount: 0, alive: true });
    expect(report.routes).toBeGreaterThanOrEqual(15);
    expect(Object.values(report.histogram).reduce((a, b) => a + b, 0)).toBe(2000);
    // The fuzzer reached the handlers, not only the edge: successes and validation failures both occur.
    expect(report.histogram["200"]).toBeGreaterThan(100);
    expect(report.histogram["422"]).toBeGreaterThan(100);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);

it("npm run fuzz refuses bad options with exit 2", () => {
  const run = spawnSync(process.execPath, ["bench/fuzz.mjs", "--requests", "0"], { cwd: ROOT, encoding: "utf8" });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("--requests must be an integer from 1 to 1000000, got '0'");
});
