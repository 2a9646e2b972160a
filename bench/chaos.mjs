// `npm run chaos -- --orders N --drops M --seed S`: places orders through the REST API of a gateway process while
// the simulator drops the gateway's connection at random moments; every order is retried with its clientOrderId until
// its answer is definitive. Then the simulator's own orders are compared with the gateway's journal, order history
// and audit trail. Prints a table, writes JSON, and exits 1 when anything was lost, doubled or left unrecorded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { call, closeAgent } from "./lib/http-client.mjs";
import { startGatewayProcess, waitHealthy } from "./lib/gateway-process.mjs";
import { startSimProcess } from "./lib/sim-process.mjs";
import { printTable } from "./lib/table.mjs";
import { percentile } from "./lib/stats.mjs";
import { prng } from "./lib/fuzz-cases.mjs";

const USAGE = `Usage: npm run chaos -- [--orders N] [--drops M] [--seed S] [--workers W] [--out FILE]

Places N orders (market, marketable and resting limits, seeded) through a gateway process while the simulator drops
the gateway's connection M times at random moments, retrying each order with its clientOrderId until the answer is
definitive. Then checks the simulator's orders against the gateway's journal, order history and audit trail:

  lost                 definitive ACCEPTED answers whose order the broker does not have
  duplicated           clientOrderIds with more than one broker order
  unknown to history   broker orders with no order_history row
  fills missing        broker fills (shares) not in the order history
  answers without id   200 answers saying ACCEPTED or UNKNOWN with orderId null

  --orders N   orders to place (default 100)
  --drops M    connection drops (default 10)
  --seed S     seed of the order mix and the drop times (default 1)
  --workers W  concurrent clients (default 8)
  --out FILE   JSON results (default bench/results/chaos.json)
  -h, --help   this text

Exit code 0 when all five counts are 0, 1 otherwise, 2 for a usage error.`;

function options() {
  let values;
  try {
    values = parseArgs({
      options: {
        orders: { type: "string", default: "100" },
        drops: { type: "string", default: "10" },
        seed: { type: "string", default: "1" },
        workers: { type: "string", default: "8" },
        out: { type: "string", default: new URL("results/chaos.json", import.meta.url).pathname },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    usageError(error.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) usageError(`--${name} must be an integer of at least ${min}`);
    return n;
  };
  return {
    orders: int("orders", 1),
    drops: int("drops", 0),
    seed: int("seed", 0),
    workers: int("workers", 1),
    out: values.out,
  };
}

function usageError(message) {
  console.error(`chaos: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const AAPL = { symbol: "AAPL", securityType: "STK" };

function orderOf(i, random, seed) {
  const clientOrderId = `chaos-${seed}-${i}`;
  const kind = random();
  const quantity = 1 + Math.floor(random() * 3);
  const side = random() < 0.5 ? "BUY" : "SELL";
  if (kind < 0.4) return { instrument: AAPL, side, quantity, orderType: "MKT", clientOrderId };
  const marketable = kind < 0.7;
  const limitPrice = side === "BUY" ? (marketable ? 110 : 50) : marketable ? 90 : 150;
  return { instrument: AAPL, side, quantity, orderType: "LMT", limitPrice, clientOrderId };
}

/** POST /orders until the answer is definitive (ACCEPTED or REJECTED); 503s, 504s and UNKNOWN are retried. */
async function placeUntilDefinitive(base, order, tally) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    let answer;
    try {
      answer = await call(base, "POST", "/orders", order);
    } catch (error) {
      tally.retries += 1;
      tally.errors[String(error.message).match(/→ (\d+)/)?.[1] ?? "network"] =
        (tally.errors[String(error.message).match(/→ (\d+)/)?.[1] ?? "network"] ?? 0) + 1;
      await sleep(100);
      continue;
    }
    if ((answer.status === "ACCEPTED" || answer.status === "UNKNOWN") && answer.orderId === null) tally.withoutId += 1;
    if (answer.status === "ACCEPTED" || answer.status === "REJECTED") return answer;
    tally.unknownAnswers += 1;
    tally.retries += 1;
    await sleep(100);
  }
  return null;
}

function readStore(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      journal: db.prepare("SELECT client_order_id, state FROM order_journal").all(),
      history: db.prepare("SELECT client_order_id, fill_data FROM order_history").all(),
      connections: db
        .prepare("SELECT timestamp, event_data FROM audit_log WHERE event_type = 'CONNECTION' ORDER BY id")
        .all()
        .map((r) => ({ time: Date.parse(r.timestamp), ...JSON.parse(r.event_data) })),
    };
  } finally {
    db.close();
  }
}

function compare(simOrders, store, prefix, answers) {
  const mine = simOrders.filter((o) => String(o.orderRef ?? "").startsWith(prefix));
  const byRef = new Map();
  for (const o of mine) byRef.set(o.orderRef, [...(byRef.get(o.orderRef) ?? []), o]);
  const historyByKey = new Map();
  for (const row of store.history) {
    const filled = row.fill_data ? JSON.parse(row.fill_data).filled_quantity : 0;
    historyByKey.set(row.client_order_id, (historyByKey.get(row.client_order_id) ?? 0) + filled);
  }
  let fillsMissing = 0;
  for (const [ref, orders] of byRef) {
    const filledAtBroker = orders.reduce((sum, o) => sum + o.filled, 0);
    fillsMissing += Math.max(0, filledAtBroker - (historyByKey.get(ref) ?? 0));
  }
  const lost = answers.filter((a) => a?.status === "ACCEPTED" && !byRef.has(a.clientOrderId)).length;
  return {
    lost,
    duplicated: [...byRef.values()].filter((orders) => orders.length > 1).length,
    unknownToHistory: [...byRef.keys()].filter((ref) => !historyByKey.has(ref)).length,
    fillsMissing,
    unsettled: store.journal.filter((e) => ["INTENDED", "SENT", "UNKNOWN"].includes(e.state)).length,
  };
}

function reconnectTimes(connections) {
  const times = [];
  let lostAt = null;
  for (const row of connections) {
    if (row.event === "lost") lostAt = row.time;
    else if (row.event === "connected" && lostAt !== null) {
      times.push(row.time - lostAt);
      lostAt = null;
    }
  }
  return times;
}

async function main() {
  const opts = options();
  const random = prng(opts.seed);
  const dir = mkdtempSync(join(tmpdir(), "ibkr-chaos-"));
  const prefix = `chaos-${opts.seed}-`;
  console.log(`chaos: ${opts.orders} orders, ${opts.drops} drops, seed ${opts.seed}, ${opts.workers} workers`);
  const sim = await startSimProcess({ seed: opts.seed });
  const gateway = await startGatewayProcess(sim.port, dir, { LOG_LEVEL: "WARNING" });
  try {
    await sim.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
    await waitHealthy(gateway.base);
    const tally = { retries: 0, unknownAnswers: 0, withoutId: 0, errors: {} };
    const answers = new Array(opts.orders);
    // Spread the orders so the drops land among them: about 1.5 s of run time per drop.
    const gapMs = opts.drops === 0 ? 0 : Math.round((opts.drops * 1500 * opts.workers) / opts.orders);
    let next = 0;
    let done = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < opts.orders) {
        const i = next++;
        answers[i] = await placeUntilDefinitive(gateway.base, orderOf(i, random, opts.seed), tally);
        done += 1;
        if (done % Math.max(1, Math.floor(opts.orders / 10)) === 0) {
          process.stdout.write(`  ${done}/${opts.orders} orders answered\n`);
        }
        if (gapMs > 0) await sleep(gapMs);
      }
    };
    let drops = 0;
    const dropper = async () => {
      while (drops < opts.drops && done < opts.orders) {
        await sleep(200 + Math.floor(random() * 1000));
        await waitHealthy(gateway.base);
        await sleep(Math.floor(random() * 300));
        await call(sim.control, "POST", "/faults", { kind: "drop-connections" });
        drops += 1;
      }
    };
    await Promise.all([...Array.from({ length: opts.workers }, worker), dropper()]);
    const placingMs = Date.now() - started;
    await waitHealthy(gateway.base);

    // Let reconciliation and the fill recorder catch up, then compare.
    let result;
    for (let i = 0; i < 60; i += 1) {
      const state = await call(sim.control, "GET", "/state");
      result = compare(state.orders, readStore(`${dir}/audit.db`), prefix, answers);
      if (result.unsettled === 0 && result.fillsMissing === 0 && result.unknownToHistory === 0) break;
      await sleep(500);
    }
    const store = readStore(`${dir}/audit.db`);
    const times = reconnectTimes(store.connections).sort((a, b) => a - b);
    const reconnect =
      times.length === 0
        ? { p50: null, max: null, n: 0 }
        : {
            p50: Math.round(percentile(times, 50)),
            max: times[times.length - 1],
            n: times.length,
          };
    const report = {
      orders: opts.orders,
      drops,
      seed: opts.seed,
      answered: answers.filter((a) => a).length,
      accepted: answers.filter((a) => a?.status === "ACCEPTED").length,
      rejected: answers.filter((a) => a?.status === "REJECTED").length,
      retries: tally.retries,
      unknownAnswers: tally.unknownAnswers,
      httpErrors: tally.errors,
      lost: result.lost,
      duplicated: result.duplicated,
      unknownToHistory: result.unknownToHistory,
      fillsMissing: result.fillsMissing,
      answersWithoutId: tally.withoutId,
      unsettledJournal: result.unsettled,
      reconnectMs: { p50: reconnect.p50, max: reconnect.max, n: reconnect.n },
      placingSeconds: Math.round(placingMs / 100) / 10,
    };
    printTable(
      ["check", "value"],
      [
        ["orders answered / placed", `${report.answered} / ${report.orders}`],
        ["accepted / rejected", `${report.accepted} / ${report.rejected}`],
        ["connection drops", String(report.drops)],
        ["retries (503, 504, UNKNOWN)", String(report.retries)],
        ["  of which UNKNOWN answers", String(report.unknownAnswers)],
        ["  HTTP errors by status", JSON.stringify(report.httpErrors)],
        ["lost", String(report.lost)],
        ["duplicated", String(report.duplicated)],
        ["unknown to history", String(report.unknownToHistory)],
        ["fills missing (shares)", String(report.fillsMissing)],
        ["answers without order id", String(report.answersWithoutId)],
        ["journal entries unsettled", String(report.unsettledJournal)],
        ["reconnect p50 / max (ms)", `${report.reconnectMs.p50 ?? "-"} / ${report.reconnectMs.max ?? "-"}`],
      ],
    );
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Results written to ${opts.out}`);
    const bad =
      report.answered < report.orders ||
      report.lost + report.duplicated + report.unknownToHistory + report.fillsMissing + report.answersWithoutId > 0;
    process.exitCode = bad ? 1 : 0;
  } finally {
    closeAgent();
    await gateway.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
