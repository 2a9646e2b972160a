// `ibkr-gateway approvals` spawned as a child process against a listening gateway: an admin key in --key-file lists,
// shows, approves and rejects; without a usable key or gateway it says what is missing and exits 1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listen } from "../mcp/support.js";
import { B, closedPort, simOrders } from "../operations/orders/support/orders.js";
import { runBin } from "../support/spawn.js";
import { keyedGateway, type KeyedGateway } from "./support.js";

let k: KeyedGateway | undefined;
afterEach(async () => {
  await k?.close();
  k = undefined;
});

describe("ibkr-gateway approvals", () => {
  it("lists, shows, approves and rejects through the running gateway with the admin key of --key-file", async () => {
    k = await keyedGateway();
    const base = await listen(k.gw);
    const keyFile = join(k.gw.dir, "admin.key");
    writeFileSync(keyFile, `${k.keys["ops"]}\n`, { mode: 0o600 });
    const cli = (args: string[]) =>
      runBin("cli/main.js", ["approvals", ...args, "--url", base, "--key-file", keyFile], { cwd: k!.gw.dir });
    const first = await k.call("POST", "/orders", k.keys["agent"]!, B({ clientOrderId: "cli-1" }));
    const second = await k.call("POST", "/orders", k.keys["agent"]!, B({ clientOrderId: "cli-2", quantity: 2 }));
    const [a1, a2] = [first.body.approval.approvalId as string, second.body.approval.approvalId as string];

    const listed = await cli(["list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(a1);
    expect(listed.stdout).toContain("BUY 2 AAPL MKT");
    const shown = await cli(["show", a2]);
    expect(shown.stdout).toMatch(/Status\s+PENDING/);
    expect(shown.stdout).toMatch(/Requested by\s+agent/);

    const approved = await cli(["approve", a1]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`Approved ${a1}: order cli-1`);
    expect(simOrders(k.gw)).toHaveLength(1);
    const rejected = await cli(["reject", a2, "--reason", "twice is too much"]);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain(`Rejected ${a2}: order cli-2 will never be sent.`);
    expect((await k.call("GET", `/approvals/${a2}`, k.keys["ops"]!)).body.reason).toBe("twice is too much");

    const again = await cli(["approve", a1]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Approval ${a1} is already APPROVED by ops`);
    const json = await runBin(
      "cli/main.js",
      ["--json", "approvals", "list", "--status", "ALL", "--url", base, "--key-file", keyFile],
      { cwd: k.gw.dir },
    );
    expect(JSON.parse(json.stdout).map((a: { status: string }) => a.status)).toEqual(["REJECTED", "APPROVED"]);
    expect(simOrders(k.gw)).toHaveLength(1);
  });

  it("explains a key without the admin scope and a gateway that is not running", async () => {
    k = await keyedGateway();
    const base = await listen(k.gw);
    const keyFile = join(k.gw.dir, "agent.key");
    writeFileSync(keyFile, k.keys["agent"]!);
    const forbidden = await runBin("cli/main.js", ["approvals", "list", "--url", base, "--key-file", keyFile], {
      cwd: k.gw.dir,
    });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain("API key 'agent' lacks the 'admin' scope needed for list_approvals");
    const port = await closedPort();
    const down = await runBin("cli/main.js", ["approvals", "list", "--url", `http://127.0.0.1:${port}`], {
      cwd: k.gw.dir,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`The gateway at http://127.0.0.1:${port} is not reachable`);
    const usage = await runBin("cli/main.js", ["approvals", "list", "--limit", "0"], { cwd: k.gw.dir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--limit must be an integer between 1 and 1000");
  });
});
