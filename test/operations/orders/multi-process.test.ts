// The journal across processes: real gateway processes (the built CLI's start-api) sharing one SQLite file and one
// simulator. Fifty same-key requests split across two gateways send one order; a gateway killed with SIGKILL in the
// middle of placements is restarted and reconciles every order the broker has, and the audit chain still verifies.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/sim/index.js";
import { openAuditStore } from "../../../src/store/index.js";
import { postJson, startGatewayProcess, type GatewayProcess } from "../../support/gateway-process.js";
import { runBin, type RunningProcess } from "../../support/spawn.js";
import { B } from "./support/orders.js";

let dir: string;
let sim: RunningSimulator;
const procs: RunningProcess[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "gw-multi-"));
  sim = await startSimulator({ port: 0 });
  sim.control.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.stop("SIGKILL")));
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A gateway process on its own HTTP port and client id, sharing the database and kill switch in `dir`. */
async function gateway(clientId: number): Promise<GatewayProcess> {
  const env = {
    PAPER_GATEWAY_PORT: String(sim.port),
    ORDERS_ENABLED: "true",
    AUDIT_DB_PATH: join(dir, "audit.db"),
    KILL_SWITCH_FILE: join(dir, "KILL_SWITCH"),
    LOG_LEVEL: "WARNING",
  };
  const started = await startGatewayProcess(clientId, { cwd: dir, env });
  procs.push(started.proc);
  return started;
}

const place = (base: string, body: Record<string, unknown>) => postJson(base, "/orders", body);

describe("one clientOrderId across processes", () => {
  it("sends exactly one broker order for 50 concurrent same-key requests split across two gateways", async () => {
    const [a, b] = await Promise.all([gateway(11), gateway(12)]);
    const order = B({ orderType: "MKT", clientOrderId: "shared-key" });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => place(i % 2 === 0 ? a.base : b.base, order)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    const ids = new Set(answers.map((r) => r.body.orderId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^\d+$/);
    expect(answers.filter((r) => !r.body.idempotentReplay)).toHaveLength(1);
    const atBroker = sim.control.state().orders.filter((o) => o.orderRef === "shared-key");
    expect(atBroker).toHaveLength(1);
  });
});

describe("a gateway killed in the middle of placements", () => {
  it("reconciles every broker order after a restart; never-sent entries are NOT_SENT; the chain verifies", async () => {
    const first = await gateway(21);
    sim.control.addFault({ kind: "delay-ms", ms: 40 });
    const keys = Array.from({ length: 30 }, (_, i) => `crash-${i}`);
    const inFlight = keys.map((key, i) =>
      new Promise((r) => setTimeout(r, i * 15)).then(() =>
        place(first.base, B({ orderType: "LMT", limitPrice: 50, clientOrderId: key })).catch(() => null),
      ),
    );
    // Kill it once some orders reached the broker and others are still on their way, however slow the machine is.
    const atBroker = () => sim.control.state().orders.filter((o) => keys.includes(o.orderRef ?? "")).length;
    await expect.poll(atBroker, { timeout: 20_000, interval: 10 }).toBeGreaterThanOrEqual(5);
    await first.proc.stop("SIGKILL");
    await Promise.all(inFlight);
    sim.control.addFault({ kind: "delay-ms", ms: 0 });
    const sentBeforeCrash = sim.control.state().orders.filter((o) => keys.includes(o.orderRef ?? ""));
    expect(sentBeforeCrash.length).toBeGreaterThan(0);

    await gateway(21);
    const store = openAuditStore(join(dir, "audit.db"));
    try {
      await expect.poll(() => store.unsettledJournal().length, { timeout: 15_000 }).toBe(0);
      for (const order of sentBeforeCrash) {
        const key = order.orderRef ?? "";
        expect(store.getJournalEntry(key)?.state, key).toBe("ACKNOWLEDGED");
        expect(store.findOrdersByClientOrderId(key), key).toHaveLength(1);
        const submits = store.queryAudit({ eventType: "ORDER_SUBMIT", limit: 1000 }).records;
        expect(
          submits.some((r) => r.eventData.client_order_id === key),
          key,
        ).toBe(true);
      }
      const atBroker = new Set(sentBeforeCrash.map((o) => o.orderRef));
      for (const key of keys) {
        const entry = store.getJournalEntry(key);
        if (entry && !atBroker.has(key)) expect(entry.state, key).toBe("NOT_SENT");
      }
    } finally {
      store.close();
    }
    const verify = await runBin("cli/main.js", ["audit", "verify", "--db-path", join(dir, "audit.db")], { cwd: dir });
    expect(verify.code).toBe(0);
  });
});
