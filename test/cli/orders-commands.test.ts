// The spawned `orders` commands against one standalone simulator, so an order placed by one invocation is seen by
// the next: preview, place (confirmation rules), open, status, cancel, and their exit codes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runBin, startProcess, type RunningProcess } from "../support/spawn.js";

let dir: string;
let sim: RunningProcess;
let env: Record<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cli-orders-"));
  sim = startProcess(process.execPath, [`${ROOT}/dist/cli/main.js`, "simulator", "--port", "0"], { cwd: dir });
  const [, port] = await sim.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  env = { PAPER_GATEWAY_PORT: port ?? "", ORDERS_ENABLED: "true" };
});
afterAll(async () => {
  await sim.stop("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], extra: Record<string, string> = {}) =>
  runBin("cli/main.js", args, { cwd: dir, env: { ...env, ...extra } });
const LMT = ["AAPL", "--side", "BUY", "--qty", "10", "--order-type", "LMT", "--limit", "50"];

describe("orders", () => {
  it("previews without placing", async () => {
    const r = await cli(["orders", "preview", ...LMT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("BUY 10 AAPL LMT @ 50 (DAY)");
    expect(r.stdout).toMatch(/Estimated notional\s+500/);
    expect(r.stdout).toMatch(/Risk check\s+passed/);
    expect(r.stdout).toContain("Preview is simulated using current market data");
    expect((await cli(["orders", "open"])).stdout).toBe("No open orders\n");
  });

  it("names --order-type when no order type is given, and takes the old --type with a deprecation note", async () => {
    const missing = await cli(["orders", "preview", "AAPL", "--side", "BUY", "--qty", "1"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: required option '--order-type' not specified");
    expect(missing.stdout).toBe("");
    const old = await cli([
      "orders",
      "preview",
      "AAPL",
      "--side",
      "BUY",
      "--qty",
      "1",
      "--type",
      "LMT",
      "--limit",
      "50",
    ]);
    expect(old.code).toBe(0);
    expect(old.stdout).toContain("BUY 1 AAPL LMT @ 50 (DAY)");
    expect(old.stderr).toContain("warning: --type is deprecated on 'orders preview'");
  });

  it("refuses to place without a terminal unless --yes is given (exit 2)", async () => {
    const r = await cli(["orders", "place", ...LMT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Refusing to place without confirmation: pass --yes");
  });

  it("places, lists, reports and cancels an order; a retry with the same key places nothing new", async () => {
    const placed = await cli(["orders", "place", ...LMT, "--client-order-id", "cli-1", "--yes"]);
    expect(placed.code).toBe(0);
    const orderId = /^ACCEPTED (\S+)$/m.exec(placed.stdout)?.[1];
    expect(orderId).toBeDefined();
    const again = JSON.parse(
      (await cli(["--json", "orders", "place", ...LMT, "--client-order-id", "cli-1", "--yes"])).stdout,
    );
    expect(again).toMatchObject({ orderId, idempotentReplay: true });
    const open = await cli(["orders", "open"]);
    expect(open.stdout).toMatch(/^ORDER ID\s+SYMBOL\s+SIDE\s+QTY\s+TYPE\s+STATUS\s+FILLED\s+LIMIT\s+STOP$/m);
    expect(open.stdout.split("\n").filter((l) => l.startsWith(orderId ?? "?"))).toHaveLength(1);
    const status = await cli(["orders", "status", orderId ?? ""]);
    expect(status.stdout).toMatch(/Client order ID\s+cli-1/);
    expect(status.stdout).toMatch(/Status\s+SUBMITTED/);
    const cancel = await cli(["orders", "cancel", orderId ?? ""]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/Message\s+Order cancelled \(IBKR status: Cancelled\)/);
  });

  it("says SIMULATED with orders disabled and exits 0", async () => {
    const r = await cli(["orders", "place", ...LMT, "--yes"], { ORDERS_ENABLED: "false" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "SIMULATED: Order not placed: orders are disabled (ORDERS_ENABLED=false); nothing was sent to the paper IB Gateway / TWS",
    );
  });

  it("exits 1 for an unknown order and for a rejected placement", async () => {
    const unknown = await cli(["orders", "status", "999999"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Order not found: Order 999999 not found");
    const rejected = await cli(
      ["orders", "place", "TSLA", "--side", "BUY", "--qty", "1", "--order-type", "MKT", "--yes"],
      {
        SYMBOL_ALLOWLIST: "AAPL",
      },
    );
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain("REJECTED: Symbol TSLA is not in SYMBOL_ALLOWLIST");
  });
});
