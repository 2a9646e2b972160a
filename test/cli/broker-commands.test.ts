// The spawned CLI's broker commands against the embedded simulator (--simulate) and against nothing (DOWN):
// human output, --json output, error paths and exit codes (AC-62).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../support/spawn.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-broker-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) => runBin("cli/main.js", args, { cwd: dir, env });

describe("healthcheck", () => {
  it("connects to the embedded simulator and passes", async () => {
    const r = await cli(["--simulate", "healthcheck"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Mode\s+SIMULATION/);
    expect(r.stdout).toContain("✓ Connected successfully!");
    expect(r.stdout).toMatch(/Server Time\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(r.stdout).toMatch(/Managed Accounts\s+DU1234567/);
    expect(r.stdout).toContain("✓ Health check passed");
    expect(r.stderr).toContain("Connecting to IBKR Gateway...");
  });

  it("fails with troubleshooting hints when nothing listens", async () => {
    const r = await cli(["--port", "1", "--client-id", "9", "healthcheck"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✗ Connection failed: Connection refused at 127.0.0.1:1. Is IBKR Gateway/TWS running?");
    expect(r.stderr).toContain("Troubleshooting:");
    expect(r.stderr).toContain("Is the API enabled on port 1?");
    expect(r.stderr).toContain("Is client id 9 free?");
  });

  it("reports configuration errors before connecting", async () => {
    const r = await cli(["healthcheck"], { TRADING_MODE: "invalid" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✗ Configuration error: TRADING_MODE must be 'paper' or 'live', got 'invalid'");
  });
});

describe("market and account commands", () => {
  it("prints a quote as fields or JSON", async () => {
    const human = await cli(["--simulate", "quote", "AAPL"]);
    expect(human.code).toBe(0);
    for (const field of ["Symbol", "Bid", "Ask", "Last", "Volume", "Source", "Time"])
      expect(human.stdout).toMatch(new RegExp(`^${field}\\s`, "m"));
    // Stopping the broker once the command is done is not a failure worth a warning.
    expect(human.stderr).toBe("Connecting to IBKR Gateway...\n");
    const json = await cli(["--simulate", "--json", "quote", "AAPL"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ symbol: "AAPL", conId: 265598, source: "IBKR_SNAPSHOT" });
  });

  it("prints bars with a count line", async () => {
    const r = await cli(["--simulate", "bars", "SPY", "--sec-type", "ETF", "--bar-size", "1h", "--duration", "2d"]);
    expect(r.code).toBe(0);
    const count = Number(/^(\d+) bars$/m.exec(r.stdout)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(r.stdout.split("\n").filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l))).toHaveLength(count);
  });

  it("accepts the old --type spelling of the security type for one release, with a note on stderr", async () => {
    const r = await cli(["--simulate", "--json", "quote", "MES", "--type", "FUT"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ symbol: expect.stringMatching(/^MES/) });
    expect(r.stderr).toContain(
      "warning: --type is deprecated on 'quote' and will be removed in the next release; use --sec-type",
    );
    const clash = await cli(["--simulate", "quote", "MES", "--type", "FUT", "--sec-type", "STK"]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("--sec-type and --type disagree");
  });

  it("treats a bad bar size, duration or timeframe as a usage error (exit 2) before connecting", async () => {
    for (const args of [
      ["bars", "AAPL", "--bar-size", "1m", "--duration", "1y"],
      ["bars", "AAPL", "--bar-size", "7m"],
      ["pnl", "--timeframe", "YTD"],
    ]) {
      const r = await cli(["--simulate", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: Invalid /m);
      expect(r.stderr).not.toContain("Connecting");
    }
  });

  it("prints account, positions and P&L", async () => {
    expect((await cli(["--simulate", "account"])).stdout).toMatch(/Net Liquidation\s+\d/);
    const positions = await cli(["--simulate", "positions"]);
    expect(positions.stdout).toMatch(/^AAPL\s+STK\s+100\s+240\s/m);
    const pnl = JSON.parse((await cli(["--simulate", "--json", "pnl", "--timeframe", "1d"])).stdout);
    expect(pnl).toMatchObject({ accountId: "DU1234567", timeframe: "1D" });
  });

  it("exits 1 with the error (or its envelope) for a data error, and 2 for a bad value", async () => {
    const human = await cli(["--simulate", "quote", "AAPL", "--sec-type", "OPT"]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("✗ Contract resolution failed: Options require expiry date");
    const json = await cli(["--simulate", "--json", "quote", "AAPL", "--sec-type", "OPT"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error_code: "CONTRACT_RESOLUTION_ERROR",
      message: "Contract resolution failed: Options require expiry date",
    });
    const bad = await cli(["--simulate", "quote", "AAPL", "--sec-type", "XYZ"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid securityType");
  });

  it("fails fast with the connection error when the broker is down", async () => {
    const r = await cli(["--port", "1", "quote", "AAPL"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Connection refused at 127.0.0.1:1");
  });
});
