// The spawned CLI's admin commands against a real SQLite file: kill switch on/off/status and audit query/export/verify.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LATEST_SCHEMA_VERSION, openAuditStore } from "../../src/store/index.js";
import { runBin } from "../support/spawn.js";

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-admin-"));
  env = { AUDIT_DB_PATH: join(dir, "audit.db"), KILL_SWITCH_FILE: join(dir, "KILL_SWITCH") };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runBin("cli/main.js", args, { env, cwd: dir });

function seedAuditRows(count: number): void {
  const store = openAuditStore(env.AUDIT_DB_PATH ?? "");
  for (let i = 0; i < count; i++) {
    store.append({
      eventType: "AUTH_FAILURE",
      eventData: { method: "GET", path: `/p${i}`, reason: "missing" },
      correlationId: `corr-${i}-0123456789abcdef`,
      timestamp: new Date(Date.UTC(2025, 5, 2, 14, 30, i)),
    });
  }
  store.close();
}

describe("kill-switch", () => {
  it("activates, reports and deactivates, with audit rows from the cli", async () => {
    expect((await cli(["kill-switch", "status"])).stdout).toBe("Kill switch: inactive\n");
    const on = await cli(["kill-switch", "on", "--reason", "market halt"]);
    expect(on).toMatchObject({ code: 0, stderr: "" });
    expect(on.stdout).toBe(
      "Kill switch ON: market halt. No running gateway using this data folder answered within 2.5 s; a gateway " +
        "cancels every open order when it starts or reconnects, and refuses new ones while the switch is on.\n",
    );
    expect(JSON.parse(readFileSync(env.KILL_SWITCH_FILE ?? "", "utf8"))).toMatchObject({
      active: true,
      reason: "market halt",
      source: "cli",
    });
    const status = await cli(["kill-switch", "status"]);
    expect(status.stdout).toMatch(
      /^Kill switch: ACTIVE \(reason: market halt, since \d{4}-\d{2}-\d{2}T[\d:.]+Z, source cli\)\n$/,
    );
    const json = JSON.parse((await cli(["--json", "kill-switch", "status"])).stdout);
    expect(json).toMatchObject({ active: true, reason: "market halt", source: "cli" });
    expect(await cli(["kill-switch", "off"])).toMatchObject({
      code: 0,
      stdout: "Kill switch OFF: new orders are accepted again (orders it cancelled are not restored).\n",
    });
    // Already off: said so, and nothing is written.
    expect(await cli(["kill-switch", "off"])).toMatchObject({
      code: 0,
      stdout: "Kill switch is already off; nothing changed.\n",
    });
    expect(existsSync(env.KILL_SWITCH_FILE ?? "")).toBe(false);
    const rows = JSON.parse((await cli(["--json", "audit", "query", "--event-type", "KILL_SWITCH"])).stdout);
    expect(rows.records.map((r: { eventData: unknown }) => r.eventData)).toEqual([
      { active: false, reason: null, source: "cli" },
      { active: true, reason: "market halt", source: "cli" },
    ]);
    expect(rows.records[0].userContext).toEqual({ interface: "cli" });
  });

  it("defaults the reason to manual", async () => {
    expect((await cli(["kill-switch", "on"])).stdout).toMatch(/^Kill switch ON: manual\. /);
    const json = JSON.parse((await cli(["--json", "kill-switch", "on"])).stdout);
    expect(json).toMatchObject({ active: true, reason: "manual", source: "cli", cancelledOpenOrders: null });
  });
});

describe("audit query", () => {
  it("pages newest first with disjoint pages and a hint for the next page", async () => {
    seedAuditRows(10);
    const first = await cli(["audit", "query", "--limit", "2", "--offset", "0"]);
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n")).toEqual([
      "Found 10 audit record(s):",
      "[2025-06-02T14:30:09.000Z] AUTH_FAILURE (corr: corr-9-012345678, acct: -)",
      "[2025-06-02T14:30:08.000Z] AUTH_FAILURE (corr: corr-8-012345678, acct: -)",
      "Showing records 1-2",
      "Use --offset 2 to see more",
      "",
    ]);
    const second = await cli(["audit", "query", "--limit", "2", "--offset", "2"]);
    expect(second.stdout).toContain("corr: corr-7-01234567");
    expect(second.stdout).not.toContain("corr-9");
  });

  it("filters by time and shows data blocks with -v", async () => {
    seedAuditRows(5);
    const r = await cli(["audit", "query", "--start", "2025-06-02T14:30:03Z", "-v"]);
    expect(r.stdout).toContain("Found 2 audit record(s):");
    expect(r.stdout).toContain('    Data: {\n      "method": "GET",');
    expect(r.stdout).toContain("    User: null");
    expect((await cli(["audit", "query", "--start", "2025-06-03"])).stdout).toBe(
      "No audit records found matching criteria.\n",
    );
  });

  it("prints statistics of a fresh database", async () => {
    openAuditStore(env.AUDIT_DB_PATH ?? "").close();
    const r = await cli(["audit", "query", "--stats"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Database Statistics:");
    expect(r.stdout).toContain(`  Path: ${env.AUDIT_DB_PATH}`);
    expect(r.stdout).toMatch(/ {2}Size: \d+\.\d{2} MB/);
    expect(r.stdout).toContain("  Audit log records: 0");
    expect(r.stdout).toContain("  Order history records: 0");
    expect(r.stdout).toContain(`  Schema version: ${LATEST_SCHEMA_VERSION}`);
  });

  it("reports a missing database (exit 1) and bad option values (exit 2)", async () => {
    const missing = await cli(["audit", "query", "--db-path", join(dir, "nope.db")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Audit database not found: ${join(dir, "nope.db")}`);
    expect((await cli(["audit", "query", "--start", "yesterday"])).code).toBe(2);
    expect((await cli(["audit", "query", "--event-type", "NOPE"])).code).toBe(2);
  });
});

describe("audit verify and export", () => {
  it("verifies an intact chain and finds a tampered row (exit 2)", async () => {
    seedAuditRows(3);
    expect(await cli(["audit", "verify"])).toMatchObject({ code: 0, stdout: "Audit chain OK: 3 records verified\n" });
    const db = new Database(env.AUDIT_DB_PATH ?? "");
    db.prepare("UPDATE audit_log SET event_data = ? WHERE id = 2").run(
      '{"method":"POST","path":"/x","reason":"missing"}',
    );
    db.close();
    const broken = await cli(["audit", "verify"]);
    expect(broken).toMatchObject({ code: 1, stdout: "", stderr: "Audit chain BROKEN at record id 2: hash mismatch\n" });
  });

  it("exports nothing from an empty database and writes no file", async () => {
    openAuditStore(env.AUDIT_DB_PATH ?? "").close();
    const out = join(dir, "out.csv");
    const r = await cli(["audit", "export", "-o", out]);
    expect(r).toMatchObject({ code: 0, stdout: "Querying order history...\nNo orders found matching criteria.\n" });
    expect(existsSync(out)).toBe(false);
  });

  it("exports orders as CSV with the contract's header", async () => {
    const store = openAuditStore(env.AUDIT_DB_PATH ?? "");
    store.upsertOrder({
      orderId: "1000001",
      accountId: "DU1234567",
      symbol: "AAPL",
      side: "BUY",
      quantity: 10,
      orderType: "LMT",
      status: "SUBMITTED",
      configSnapshot: { trading_mode: "paper", orders_enabled: true, mode: "simulation" },
    } as never);
    store.close();
    const out = join(dir, "out.csv");
    const r = await cli(["audit", "export", "--output", out]);
    expect(r.stdout).toBe(`Querying order history...\nFound 1 order(s)\nExported 1 orders to ${out}\n`);
    const [header, row] = readFileSync(out, "utf8").split("\n");
    expect(header).toBe(
      "order_id,correlation_id,account_id,symbol,side,quantity,order_type,status,placed_at,updated_at,ibkr_order_id,estimated_price,estimated_notional,fill_price,fill_quantity,trading_mode,orders_enabled",
    );
    expect(row).toMatch(/^1000001,,DU1234567,AAPL,BUY,10,LMT,SUBMITTED,/);
    // Without a file the export itself is standard output; progress goes to stderr.
    const piped = await cli(["audit", "export", "--format", "json"]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("Querying order history...\nFound 1 order(s)\n");
    expect(JSON.parse(piped.stdout)).toMatchObject([{ order_id: "1000001", symbol: "AAPL" }]);
  });
});
