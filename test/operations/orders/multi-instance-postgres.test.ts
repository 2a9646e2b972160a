// Several gateway instances sharing one PostgreSQL store: real gateway processes (the built CLI's start-api), each
// with its own IB client id, one simulator, one throwaway PostgreSQL cluster. A clientOrderId is sent once across
// both; the kill switch turned on at one stops the other; one audit chain verifies; an instance killed in the middle
// of placements leaves nothing the other instance or its own restart cannot settle.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/sim/index.js";
import { openStore, type Store } from "../../../src/store/index.js";
import {
  POSTGRES_SKIP_REASON,
  startPostgresCluster,
  TEST_PASSWORD,
  type PostgresCluster,
} from "../../support/postgres.js";
import { startGatewayProcess, postJson, type GatewayProcess } from "../../support/gateway-process.js";
import { runBin, type RunningProcess } from "../../support/spawn.js";
import { B, type Body } from "./support/orders.js";

let cluster: PostgresCluster;
let databases = 0;
let url: string;
let dir: string;
let sim: RunningSimulator;
const procs: RunningProcess[] = [];

async function track(started: Promise<GatewayProcess>): Promise<GatewayProcess> {
  const gateway = await started;
  procs.push(gateway.proc);
  return gateway;
}

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)("gateway instances sharing a PostgreSQL store", () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(() => cluster?.destroy());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "gw-pg-"));
    url = await cluster.createDatabase(`gw_${(databases += 1)}`);
    sim = await startSimulator({ port: 0 });
    sim.control.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop("SIGKILL")));
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each instance has its own data folder (no shared kill-switch file); they share the database and the chain key. */
  const env = (name: string) => ({
    PAPER_GATEWAY_PORT: String(sim.port),
    ORDERS_ENABLED: "true",
    DATABASE_URL: url,
    AUDIT_HMAC_KEY_FILE: join(dir, "audit-hmac.key"),
    DATA_DIR: join(dir, name),
    LOG_LEVEL: "WARNING",
  });

  const gateway = (name: string, clientId: number) =>
    track(startGatewayProcess(clientId, { cwd: dir, env: env(name) }));
  const call = (base: string, path: string, body: unknown) => postJson(base, path, body);

  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({ sqlitePath: "", databaseUrl: url, hmacKeyFile: join(dir, "audit-hmac.key") });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  it("sends exactly one broker order for 50 concurrent same-key requests split across two instances", async () => {
    const a = await gateway("a", 31);
    // The banner names the shared database, never its password.
    expect(a.proc.output()).toMatch(
      /Audit database\s+PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/gw_\d+ \(shared\)/,
    );
    expect(a.proc.output()).not.toContain(TEST_PASSWORD);
    const b = await gateway("b", 32);
    const order = B({ orderType: "MKT", clientOrderId: "pg-shared-key" });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(i % 2 === 0 ? a.base : b.base, "/orders", order)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    const ids = new Set(answers.map((r) => r.body.orderId));
    expect(ids.size).toBe(1);
    expect(answers.filter((r) => !r.body.idempotentReplay)).toHaveLength(1);
    expect(sim.control.state().orders.filter((o) => o.orderRef === "pg-shared-key")).toHaveLength(1);
  });

  it("stops the other instance when the kill switch is turned on at one, and one audit chain verifies", async () => {
    const a = await gateway("a", 41);
    const b = await gateway("b", 42);
    const resting = await call(b.base, "/orders", B({ orderType: "LMT", limitPrice: 50, clientOrderId: "b-resting" }));
    expect(resting.body.status).toBe("ACCEPTED");
    const restingAtSim = () => sim.control.state().orders.find((o) => o.orderRef === "b-resting");
    expect(restingAtSim()?.status).not.toBe("Cancelled");

    const on = await call(a.base, "/admin/kill-switch", { active: true, reason: "desk halt" });
    expect(on.body).toMatchObject({ active: true, reason: "desk halt" });
    // The other instance learns it from the database (no shared file here) and cancels its own client's order.
    await expect.poll(() => restingAtSim()?.status, { timeout: 2000, interval: 20 }).toBe("Cancelled");
    const refused = await call(b.base, "/orders", B({ orderType: "MKT", clientOrderId: "b-after" }));
    expect(refused.body).toMatchObject({ status: "REJECTED", rejectReason: "KILL_SWITCH" });
    expect(sim.control.state().orders.some((o) => o.orderRef === "b-after")).toBe(false);
    const status = (await (await fetch(`${b.base}/admin/kill-switch`)).json()) as Body;
    expect(status).toMatchObject({ active: true, reason: "desk halt" });

    // Off at the other instance: both accept orders again.
    const off = await call(b.base, "/admin/kill-switch", { active: false });
    expect(off.body).toMatchObject({ active: false });
    await expect
      .poll(async () => ((await (await fetch(`${a.base}/admin/kill-switch`)).json()) as Body).active, {
        timeout: 2000,
      })
      .toBe(false);
    const again = await call(a.base, "/orders", B({ orderType: "MKT", clientOrderId: "a-after" }));
    expect(again.body.status).toBe("ACCEPTED");

    const rows = await withStore(async (s) => (await s.queryAudit({ eventType: "KILL_SWITCH", limit: 20 })).records);
    // The instance that turned it on, the one that saw it (with what it cancelled), and the one that turned it off.
    expect(rows.some((r) => r.eventData["source"] === "rest" && r.eventData["active"] === true)).toBe(true);
    expect(rows.some((r) => r.eventData["source"] === "shared" && r.eventData["cancelled_open_orders"] === 1)).toBe(
      true,
    );
    const verify = await runBin("cli/main.js", ["audit", "verify"], { cwd: dir, env: env("a") });
    expect(verify.stdout + verify.stderr).toMatch(/Audit chain OK: \d+ records verified/);
    expect(verify.code).toBe(0);
  });

  it("keeps the other instance working when one dies mid-placement; its restart settles every entry", async () => {
    const a = await gateway("a", 51);
    const b = await gateway("b", 52);
    sim.control.addFault({ kind: "delay-ms", ms: 40 });
    const keys = Array.from({ length: 20 }, (_, i) => `pg-crash-${i}`);
    const inFlight = keys.map((key, i) =>
      new Promise((r) => setTimeout(r, i * 15)).then(() =>
        call(a.base, "/orders", B({ orderType: "LMT", limitPrice: 50, clientOrderId: key })).catch(() => null),
      ),
    );
    const atBroker = () => sim.control.state().orders.filter((o) => keys.includes(o.orderRef ?? "")).length;
    await expect.poll(atBroker, { timeout: 20_000, interval: 10 }).toBeGreaterThanOrEqual(3);
    await a.proc.stop("SIGKILL");
    await Promise.all(inFlight);
    sim.control.addFault({ kind: "delay-ms", ms: 0 });
    const sentBeforeCrash = sim.control.state().orders.filter((o) => keys.includes(o.orderRef ?? ""));

    // The surviving instance keeps placing, and a retry of a dead instance's key there never sends a second order.
    const own = await call(b.base, "/orders", B({ orderType: "MKT", clientOrderId: "b-own" }));
    expect(own.body.status).toBe("ACCEPTED");
    const firstSent = sentBeforeCrash[0]!.orderRef ?? "";
    const retry = await call(b.base, "/orders", B({ orderType: "LMT", limitPrice: 50, clientOrderId: firstSent }));
    expect(retry.body.idempotentReplay).toBe(true);
    expect(sim.control.state().orders.filter((o) => o.orderRef === firstSent)).toHaveLength(1);

    // The dead instance's client id comes back: its reconciliation settles every entry it left.
    await gateway("a", 51);
    await withStore(async (store) => {
      await expect.poll(async () => (await store.unsettledJournal()).length, { timeout: 15_000 }).toBe(0);
      const sentKeys = new Set(sentBeforeCrash.map((o) => o.orderRef));
      for (const key of keys) {
        const entry = await store.getJournalEntry(key);
        if (!entry) continue;
        expect(entry.state, key).toBe(sentKeys.has(key) ? "ACKNOWLEDGED" : "NOT_SENT");
        if (sentKeys.has(key)) expect(await store.findOrdersByClientOrderId(key), key).toHaveLength(1);
      }
    });
    const verify = await runBin("cli/main.js", ["audit", "verify"], { cwd: dir, env: env("b") });
    expect(verify.code).toBe(0);
  });

  it("refuses placements with 503 while the database is away, keeps broker reads, and recovers by itself", async () => {
    const a = await gateway("a", 61);
    cluster.stop();
    try {
      const refused = await call(a.base, "/orders", B({ orderType: "MKT", clientOrderId: "db-down" }));
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({
        error_code: "STORE_UNAVAILABLE",
        details: { clientOrderId: "db-down", orderSent: false },
      });
      const generated = await call(a.base, "/orders", B({ orderType: "MKT" }));
      expect(generated.status).toBe(503);
      expect(sim.control.state().orders).toHaveLength(0);
      const quote = await call(a.base, "/market-data/quote", { symbol: "AAPL", securityType: "STK" });
      expect(quote.status).toBe(200);
      expect(quote.body).toMatchObject({ symbol: "AAPL" });
    } finally {
      cluster.start();
    }
    await expect
      .poll(
        async () => (await call(a.base, "/orders", B({ orderType: "MKT", clientOrderId: "db-down" }))).body.status,
        {
          timeout: 15_000,
          interval: 250,
        },
      )
      .toBe("ACCEPTED");
    expect(sim.control.state().orders.filter((o) => o.orderRef === "db-down")).toHaveLength(1);
  });

  it("turns the shared kill switch on from the CLI of any host, and reports what a running instance cancelled", async () => {
    const a = await gateway("a", 71);
    const resting = await call(
      a.base,
      "/orders",
      B({ orderType: "LMT", limitPrice: 50, clientOrderId: "cli-resting" }),
    );
    expect(resting.body.status).toBe("ACCEPTED");
    // The CLI runs with its own, empty data folder: the switch reaches the gateway only through the database.
    const on = await runBin("cli/main.js", ["kill-switch", "on", "--reason", "from ops"], {
      cwd: dir,
      env: env("ops"),
    });
    expect(on.code).toBe(0);
    expect(on.stdout).toContain("Kill switch ON: from ops.");
    expect(on.stdout).toContain("The running gateway cancelled 1 open order");
    expect(sim.control.state().orders.find((o) => o.orderRef === "cli-resting")?.status).toBe("Cancelled");
    const status = await runBin("cli/main.js", ["kill-switch", "status"], { cwd: dir, env: env("elsewhere") });
    expect(status.stdout).toContain("Kill switch: ACTIVE (reason: from ops");
    const off = await runBin("cli/main.js", ["kill-switch", "off"], { cwd: dir, env: env("ops") });
    expect(off.code).toBe(0);
    await expect
      .poll(async () => ((await (await fetch(`${a.base}/admin/kill-switch`)).json()) as Body).active, {
        timeout: 2000,
      })
      .toBe(false);
  });

  it("re-checks the kill switch after the journal write: tripped while the write waits, nothing is sent", async () => {
    const a = await gateway("a", 81);
    sim.control.addFault({ kind: "delay-ms", ms: 150 });
    const placing = call(a.base, "/orders", B({ orderType: "MKT", clientOrderId: "slow-journal" }));
    // Hold the journal row once it is claimed, so the gate's SENT write waits behind this transaction.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await expect
        .poll(
          async () =>
            (await holder.query("SELECT state FROM order_journal WHERE client_order_id = 'slow-journal'")).rows[0]
              ?.state,
          {
            timeout: 5000,
            interval: 5,
          },
        )
        .toBe("INTENDED");
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM order_journal WHERE client_order_id = 'slow-journal' FOR UPDATE");
      // Activity statistics are a snapshot per transaction: clear it before each look.
      const waitingWrites = async () =>
        (await holder.query("SELECT pg_stat_clear_snapshot()")) &&
        Number(
          (
            await holder.query(
              "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%UPDATE order_journal%'",
            )
          ).rows[0].n,
        );
      await expect.poll(waitingWrites, { timeout: 15_000, interval: 10 }).toBe(1);
      const on = await call(a.base, "/admin/kill-switch", { active: true, reason: "during the write" });
      expect(on.body).toMatchObject({ active: true });
      await holder.query("COMMIT");
    } finally {
      await holder.end();
    }
    const answer = await placing;
    expect(answer.body).toMatchObject({ status: "REJECTED", rejectReason: "KILL_SWITCH" });
    sim.control.addFault({ kind: "delay-ms", ms: 0 });
    expect(sim.control.state().orders.some((o) => o.orderRef === "slow-journal")).toBe(false);
    await withStore(async (store) => {
      expect((await store.getJournalEntry("slow-journal"))?.state).toBe("NOT_SENT");
    });
  });
});
