// Placement acknowledgement latency with each store backend, side by side: the same gateway process (REST, resting
// LMT orders, one simulator process) with the SQLite file and with a PostgreSQL database in a throwaway cluster on
// this machine. The journal write before the send and the outcome transaction after it are where the two differ.
// Skipped (with a row saying why) when no PostgreSQL server binaries are installed.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, closeAgent } from "../lib/http-client.mjs";
import { startGatewayProcess, waitHealthy } from "../lib/gateway-process.mjs";
import { findPostgresBin, startPostgresCluster } from "../lib/pg-cluster.mjs";
import { startSimProcess } from "../lib/sim-process.mjs";
import { paced, summarize } from "../lib/stats.mjs";

const RESTING_LMT = {
  instrument: { symbol: "AAPL", securityType: "STK" },
  side: "BUY",
  quantity: 1,
  orderType: "LMT",
  limitPrice: 50,
};
/** Paced like the gateway suite's latency series: under the broker's message budget. */
const GAP_MS = 120;

export async function storeBackendsSuite({ quick }) {
  const n = quick ? 3 : 50;
  const dir = mkdtempSync(join(tmpdir(), "bench-store-"));
  const sim = await startSimProcess();
  let cluster;
  try {
    await sim.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
    const rows = [];
    const sqlite = await placementLatency(sim.port, join(dir, "sqlite"), {}, n, "sqlite");
    rows.push(sqlite);
    if (findPostgresBin() === undefined) {
      rows.push({ name: "place LMT ack (REST, postgres)", unit: "ms", value: "skipped: PostgreSQL not installed" });
      return rows;
    }
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase("bench");
    const postgres = await placementLatency(sim.port, join(dir, "postgres"), { DATABASE_URL: url }, n, "postgres");
    postgres.ratio = Math.round((postgres.p50 / sqlite.p50) * 100) / 100;
    postgres.value = "ratio vs sqlite p50";
    rows.push(postgres);
    return rows;
  } finally {
    closeAgent();
    await sim.stop();
    cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function placementLatency(brokerPort, dir, env, n, backend) {
  mkdirSync(dir, { recursive: true });
  const gw = await startGatewayProcess(brokerPort, dir, { PAPER_CLIENT_ID: backend === "sqlite" ? "3" : "4", ...env });
  try {
    await waitHealthy(gw.base);
    const place = async (i) => {
      const res = await call(gw.base, "POST", "/orders", { ...RESTING_LMT, clientOrderId: `${backend}-${i}` });
      if (res.status !== "ACCEPTED") throw new Error(`placement not accepted: ${JSON.stringify(res)}`);
    };
    for (let i = 0; i < 3; i++) await place(`warm-${i}`);
    const samples = await paced(n, place, GAP_MS);
    return { name: `place LMT ack (REST, ${backend})`, unit: "ms", ...summarize(samples) };
  } finally {
    await gw.stop();
  }
}
