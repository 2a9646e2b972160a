// Where the spawned CLI writes: results on stdout, errors and warnings on stderr; with --json a configuration error
// is one error envelope and nothing else; `--simulate --live` says that it trades paper.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../support/spawn.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-streams-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) => runBin("cli/main.js", args, { cwd: dir, env });

describe("configuration errors", () => {
  it("with --json are one envelope on stdout, nothing on stderr, exit 1", async () => {
    const r = await cli(["--json", "quote", "AAPL"], { PAPER_CLIENT_ID: "abc", MAX_ORDER_QUANTITY: "-1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const envelope = JSON.parse(r.stdout);
    expect(envelope).toMatchObject({ error_code: "VALIDATION_ERROR" });
    expect(envelope.message).toMatch(/^Configuration error: .*PAPER_CLIENT_ID/);
    expect(envelope.details.problems.length).toBeGreaterThanOrEqual(2);
    expect(
      r.stdout
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{")),
    ).toHaveLength(1);
  });

  it("without --json are the problem list on stderr, nothing on stdout", async () => {
    const r = await cli(["quote", "AAPL"], { PAPER_CLIENT_ID: "abc" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^✗ Configuration error: PAPER_CLIENT_ID/);
  });
});

describe("--simulate with --live", () => {
  it("warns on stderr that simulation trades paper, and the result stays clean JSON on stdout", async () => {
    const r = await cli(["--simulate", "--live", "--json", "quote", "AAPL"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("⚠ Simulation forces paper trading mode");
    expect(JSON.parse(r.stdout)).toMatchObject({ symbol: "AAPL" });
    const plain = await cli(["--simulate", "--json", "quote", "AAPL"]);
    expect(plain.stderr).not.toContain("Simulation forces paper");
  });
});
