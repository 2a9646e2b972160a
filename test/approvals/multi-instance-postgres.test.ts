// Approvals across gateway instances sharing one PostgreSQL store: real gateway processes (the built CLI's start-api)
// with one keys file, one simulator, one throwaway cluster. An order proposed at one instance waits at both; approvals
// sent to both at once send it exactly once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateApiKey, writeApiKeysFile } from "../../src/config/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { POSTGRES_SKIP_REASON, startPostgresCluster, type PostgresCluster } from "../support/postgres.js";
import { postJson, startGatewayProcess } from "../support/gateway-process.js";
import type { RunningProcess } from "../support/spawn.js";
import { B, type Body } from "../operations/orders/support/orders.js";

let cluster: PostgresCluster;
let dir: string;
let sim: RunningSimulator;
const procs: RunningProcess[] = [];

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)("approvals across instances sharing a PostgreSQL store", () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(() => cluster?.destroy());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "gw-pg-approvals-"));
    sim = await startSimulator({ port: 0 });
    sim.control.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop("SIGKILL")));
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function gateway(name: string, clientId: number, env: Record<string, string>): Promise<string> {
    const started = await startGatewayProcess(clientId, { cwd: dir, env: { ...env, DATA_DIR: join(dir, name) } });
    procs.push(started.proc);
    return started.base;
  }

  const post = (base: string, path: string, key: string, body: unknown) => postJson(base, path, body, key);

  it("sends the order once when both instances are asked to approve it at the same time", async () => {
    const keysFile = join(dir, "keys.json");
    const agent = generateApiKey();
    const ops = generateApiKey();
    writeApiKeysFile(keysFile, [
      { name: "agent", hash: agent.hash, scopes: ["read", "propose"] },
      { name: "ops", hash: ops.hash, scopes: ["read", "admin"] },
    ]);
    const env = {
      PAPER_GATEWAY_PORT: String(sim.port),
      ORDERS_ENABLED: "true",
      DATABASE_URL: await cluster.createDatabase("gw_approvals"),
      AUDIT_HMAC_KEY_FILE: join(dir, "audit-hmac.key"),
      API_KEYS_FILE: keysFile,
      LOG_LEVEL: "WARNING",
    };
    const a = await gateway("a", 41, env);
    const b = await gateway("b", 42, env);

    const placed = await post(a, "/orders", agent.key, B({ clientOrderId: "pg-approval-1" }));
    expect([placed.status, placed.body.status]).toEqual([202, "PENDING_APPROVAL"]);
    const id: string = placed.body.approval.approvalId;
    const atB = await fetch(`${b}/approvals/${id}`, { headers: { "x-api-key": ops.key } });
    expect(((await atB.json()) as Body).status).toBe("PENDING");
    expect(sim.control.state().orders).toHaveLength(0);

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(i % 2 === 0 ? a : b, `/approvals/${id}/approve`, ops.key, {})),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.error_code === "APPROVAL_NOT_PENDING")).toBe(
      true,
    );
    expect(answers.find((r) => r.status === 200)?.body.order.status).toBe("ACCEPTED");
    expect(sim.control.state().orders).toHaveLength(1);
  });
});
