// The demo (AC-63): forced paper mode, every step against the embedded simulator, no order placed; a clear tip
// when nothing listens.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditStore } from "../../src/store/index.js";
import { runBin } from "../support/spawn.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-demo-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("ibkr-gateway demo", () => {
  it("forces paper mode, runs every step and places nothing", async () => {
    const db = join(dir, "audit.db");
    const r = await runBin("cli/main.js", ["--simulate", "--live", "demo"], {
      cwd: dir,
      env: { AUDIT_DB_PATH: db, ORDERS_ENABLED: "true" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Safety Override: Demo only runs in paper trading mode. Forcing paper mode...");
    expect(r.stdout).toContain("Mode: PAPER (simulation)");
    expect(r.stdout).toMatch(/✓ Connected \(server time .+, accounts DU1234567\)/);
    expect(r.stdout).toMatch(/AAPL {2}bid [\d.]+ {2}ask [\d.]+ {2}last [\d.]+ {2}\(IBKR_SNAPSHOT\)/);
    expect(r.stdout).toContain("SPY 1 hour bars over 5 D");
    expect(r.stdout).toMatch(/net liquidation \d+/);
    expect(r.stdout).toContain("(preview only - no order is placed)");
    expect(r.stdout).not.toContain("⚠");
    expect(r.stdout).toContain("DEMO COMPLETE");
    const store = openAuditStore(db);
    try {
      expect(store.queryAudit({ eventType: "ORDER_SUBMIT" }).total).toBe(0);
      expect(store.queryAudit({ eventType: "ORDER_PREVIEW" }).total).toBe(1);
    } finally {
      store.close();
    }
  });

  it("fails with a tip to use the simulator when nothing listens", async () => {
    const r = await runBin("cli/main.js", ["--port", "1", "demo"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✗ Could not connect to IB Gateway at 127.0.0.1:1:");
    expect(r.stderr).toContain(
      "Tip: run 'ibkr-gateway --simulate demo' to try the demo against the built-in simulator",
    );
  });
});
