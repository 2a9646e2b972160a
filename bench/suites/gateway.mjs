// The gateway against the raw client: the same broker requests through REST (a separate gateway process), through
// the broker adapter in-process, and through raw @stoqey/ib IBApi calls (the floor), all against one simulator that
// runs as its own process, as TWS would. The gateway runs twice: quoting by snapshot requests (the default) and
// answering warm quotes from streaming lines (QUOTE_STREAM_IDLE_SEC). A bare node:http server gives the cost of the
// HTTP hop alone.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { loadConfig } from "../../dist/config/index.js";
import { OrderSpec } from "../../dist/domain/index.js";
import { createGatewayCore } from "../../dist/main.js";
import { call, closeAgent } from "../lib/http-client.mjs";
import { startGatewayProcess, waitHealthy } from "../lib/gateway-process.mjs";
import { startHttpFloorProcess } from "../lib/http-floor-process.mjs";
import { connectRaw, disconnected } from "../lib/ib-client.mjs";
import {
  nextOrderIdFrom,
  rawAccountSummary,
  rawCancel,
  rawHistorical,
  rawPlace,
  rawPositions,
  rawQuote,
} from "../lib/raw-calls.mjs";
import { startSimProcess } from "../lib/sim-process.mjs";
import { paced as pacedBy, summarize, time } from "../lib/stats.mjs";

const AAPL = { symbol: "AAPL", securityType: "STK" };
const RAW_AAPL = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };
const RESTING_LMT = { instrument: AAPL, side: "BUY", quantity: 1, orderType: "LMT", limitPrice: 50 };
const SNAPSHOT = "snapshot";
const STREAMING = "streaming lines";
/**
 * Latency series issue one call every GAP_MS: the gateway's broker budget is 35 data messages per second (after a
 * burst of 10) and the operations measured this way send at most four, so no sample waits for a pacer slot. Faster
 * series measure IB's message budget, not the gateway (the autocannon rows show that sustained limit).
 */
const GAP_MS = 120;
const paced = (count, fn, gapMs = GAP_MS) => pacedBy(count, fn, gapMs);

export async function gatewaySuite({ quick }) {
  const n = quick ? 3 : 50;
  const backToBack = quick ? 3 : 300;
  const dir = mkdtempSync(join(tmpdir(), "bench-gw-"));
  const cleanup = [];
  try {
    const rows = [];
    const add = (name, unit, samples) => {
      const row = { name, unit, ...summarize(samples) };
      rows.push(row);
      return row;
    };
    /** A paced series after a short untimed warm-up. */
    const measure = async (name, fn, count = n, gapMs = GAP_MS) => {
      await paced(Math.min(count, 3), fn, gapMs);
      return add(name, "ms", await paced(count, fn, gapMs));
    };
    const compare = async (label, restFn, adapterFn, rawFn, count = n) => {
      const r = await measure(`${label} (REST)`, restFn, count);
      const a = adapterFn ? await measure(`${label} (adapter)`, adapterFn, count) : null;
      const f = await measure(`${label} (raw IBApi)`, rawFn, count);
      r.ratio = round(r.p50 / f.p50);
      r.overheadMs = round(r.p50 - f.p50);
      if (a) a.ratio = round(a.p50 / f.p50);
      return f;
    };
    rows.push(...(await httpFloorFigures(n, backToBack)));

    const sim = await startSimProcess({ seed: 42 });
    cleanup.push(() => sim.stop());
    await sim.setPrices({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
    const gw = await startGatewayProcess(sim.port, subdir(dir, "snapshot"), {
      PAPER_CLIENT_ID: "1",
      QUOTE_STREAM_IDLE_SEC: "0",
    });
    cleanup.push(() => gw.stop());
    const core = await inProcessAdapter(sim.port, dir);
    cleanup.push(() => core.stop());
    const raw = await connectRaw(sim.port, 3);
    cleanup.push(() => disconnected(raw));
    await waitHealthy(gw.base);

    const rest = (m, p, b) => () => call(gw.base, m, p, b);
    let cold = 0;
    await measure(`quote cold, new symbol, ${SNAPSHOT} (REST)`, () =>
      call(gw.base, "POST", "/market-data/quote", { symbol: coldSymbol(cold++), securityType: "STK" }),
    );
    const rawQuoteRow = await compare(
      `quote warm, ${SNAPSHOT}`,
      rest("POST", "/market-data/quote", AAPL),
      () => core.services.broker.marketData.quote(AAPL),
      () => rawQuote(raw, RAW_AAPL),
    );
    // The raw client is not paced by the gateway's budget, so it can also run back to back: the floor for the
    // back-to-back warm quotes of the streaming-line gateway below.
    const rawBackToBack = add(
      `quote warm, ${SNAPSHOT}, back to back (raw IBApi)`,
      "ms",
      await time(backToBack, () => rawQuote(raw, RAW_AAPL)),
    );
    rows.push(...(await historicalFigures(gw.base, core, raw, quick ? 3 : 20)));
    await compare(
      "account summary",
      rest("GET", "/account/summary"),
      () => core.services.broker.account.summary(),
      () => rawAccountSummary(raw),
    );
    await compare(
      "positions",
      rest("GET", "/account/positions"),
      () => core.services.broker.account.positions(),
      () => rawPositions(raw),
    );
    // P&L fans out (positions, the account's P&L, one per position, their cancels): a dozen messages per call.
    await measure("pnl (REST)", rest("GET", "/account/pnl"), quick ? 3 : 20, 500);
    await orderFigures(gw.base, core, raw, measure, compare, n);
    await settle();
    rows.push({ name: `gateway RSS idle, ${SNAPSHOT}`, unit: "MiB", value: gw.rssMiB() });
    rows.push(...(await throughput(gw, quick, SNAPSHOT)));

    const stream = await startGatewayProcess(sim.port, subdir(dir, "streaming"), {
      PAPER_CLIENT_ID: "4",
      QUOTE_STREAM_IDLE_SEC: "60",
    });
    cleanup.push(() => stream.stop());
    await waitHealthy(stream.base);
    rows.push(...(await streamingFigures(stream, { add, measure, quick, backToBack, rawQuoteRow, rawBackToBack })));
    return rows;
  } finally {
    closeAgent();
    for (const stop of cleanup.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The cost of one local HTTP hop and nothing else: a bare node:http server in its own process answering a small JSON
 * POST, through the same keep-alive client as the REST figures, paced like every latency series and back to back.
 */
async function httpFloorFigures(count, backToBack) {
  const floor = await startHttpFloorProcess();
  try {
    const post = () => call(floor.base, "POST", "/market-data/quote", AAPL);
    await time(5, post);
    return [
      { name: "http floor, bare node:http", unit: "ms", ...summarize(await paced(count, post)) },
      { name: "http floor, bare node:http (back to back)", unit: "ms", ...summarize(await time(backToBack, post)) },
    ];
  } finally {
    await floor.stop();
  }
}

/**
 * The gateway with QUOTE_STREAM_IDLE_SEC=60: after one quote it keeps a streaming line for AAPL open and answers warm
 * quotes from it. `vs raw` compares with the raw snapshot request, the broker round trip a warm quote no longer makes.
 * With no broker round trip there is no pacing either, so the back-to-back series is the gateway's own cost.
 */
async function streamingFigures(gw, { add, measure, quick, backToBack, rawQuoteRow, rawBackToBack }) {
  const quote = () => call(gw.base, "POST", "/market-data/quote", AAPL);
  await quote();
  await new Promise((r) => setTimeout(r, 300));
  const warm = await measure(`quote warm, ${STREAMING} (REST)`, quote);
  warm.ratio = round(warm.p50 / rawQuoteRow.p50);
  warm.overheadMs = round(warm.p50 - rawQuoteRow.p50);
  await time(20, quote);
  const fast = add(`quote warm, ${STREAMING}, back to back (REST)`, "ms", await time(backToBack, quote));
  fast.ratio = round(fast.p50 / rawBackToBack.p50);
  fast.overheadMs = round(fast.p50 - rawBackToBack.p50);
  await settle();
  return [
    { name: `gateway RSS idle, ${STREAMING}`, unit: "MiB", value: gw.rssMiB() },
    ...(await throughput(gw, quick, STREAMING)),
  ];
}

/** Latency of `fn` called `count` times, one every `gapMs` (the wait is not timed). */

/**
 * Historical requests obey IB's pacing rules (no identical request within 15 s, at most 6 per contract in 2 s, 60 in
 * 10 min) in the gateway and in the simulator alike, so each sample asks for a different symbol whose contract was
 * resolved beforehand, and the count stays under the 10-minute budget.
 */
async function historicalFigures(base, core, raw, count) {
  const symbols = (prefix) => Array.from({ length: count }, (_, i) => `H${prefix}${String.fromCharCode(65 + i)}`);
  const [restSyms, adapterSyms, rawSyms] = [symbols("R"), symbols("A"), symbols("W")];
  for (const symbol of restSyms) await call(base, "POST", "/market-data/quote", { symbol, securityType: "STK" });
  for (const symbol of adapterSyms) await core.services.broker.marketData.quote({ symbol, securityType: "STK" });
  const bars = (symbol) => ({
    symbol,
    securityType: "STK",
    barSize: "1h",
    duration: "5d",
    whatToShow: "TRADES",
    rthOnly: true,
  });
  const r = {
    name: "historical 5d/1h (REST)",
    unit: "ms",
    ...summarize(await paced(count, (i) => call(base, "POST", "/market-data/historical", bars(restSyms[i])))),
  };
  const a = {
    name: "historical 5d/1h (adapter)",
    unit: "ms",
    ...summarize(await paced(count, (i) => core.services.broker.marketData.historical(bars(adapterSyms[i])))),
  };
  const f = {
    name: "historical 5d/1h (raw IBApi)",
    unit: "ms",
    ...summarize(await paced(count, (i) => rawHistorical(raw, { ...RAW_AAPL, symbol: rawSyms[i] }))),
  };
  r.ratio = round(r.p50 / f.p50);
  r.overheadMs = round(r.p50 - f.p50);
  a.ratio = round(a.p50 / f.p50);
  return [r, a, f];
}

/**
 * Orders, each path paced: a resting limit order until its first broker status, its status, a preview, and its
 * cancel. The adapter's place and cancel skip validation, risk checks and audit; the raw ones are bare IBApi calls.
 */
async function orderFigures(base, core, raw, measure, compare, count) {
  const { broker } = core.services;
  const spec = OrderSpec.parse(RESTING_LMT);
  const contract = await broker.contracts.resolve(spec.instrument);
  const restIds = [];
  const adapterIds = [];
  const rawIds = [];
  let rawNext = await nextOrderIdFrom(raw);
  await compare(
    "place LMT ack",
    async () => restIds.push((await call(base, "POST", "/orders", RESTING_LMT)).orderId),
    async () => adapterIds.push((await broker.orders.place(spec, contract)).orderId),
    () => (rawIds.push(rawNext), rawPlace(raw, rawNext++, RAW_AAPL)),
    count,
  );
  await measure("order status (REST)", (i) => call(base, "GET", `/orders/${restIds[i]}/status`), count);
  await measure("preview LMT (REST)", () => call(base, "POST", "/orders/preview", RESTING_LMT), count);
  // Every placed order is cancelled: the warm-ups placed a few more than were timed.
  let r = 0;
  let a = 0;
  let w = 0;
  await compare(
    "cancel",
    () => call(base, "POST", `/orders/${restIds[r++]}/cancel`),
    () => broker.orders.cancel(adapterIds[a++]),
    () => rawCancel(raw, rawIds[w++]),
    count,
  );
}

async function throughput(gw, quick, mode) {
  const rows = [];
  let peakRss = gw.rssMiB();
  for (const connections of [1, 16, 64]) {
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, gw.rssMiB())), 200);
    const result = await autocannon({
      url: `${gw.base}/market-data/quote`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(AAPL),
      connections,
      duration: quick ? 1 : 10,
    });
    clearInterval(sampler);
    rows.push({
      name: `warm quotes, concurrency ${connections}, ${mode} (autocannon)`,
      unit: "req/s",
      value: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    });
  }
  rows.push({ name: `gateway RSS under load (peak), ${mode}`, unit: "MiB", value: peakRss });
  return rows;
}

async function inProcessAdapter(port, dir) {
  const result = loadConfig({
    env: {
      PAPER_GATEWAY_PORT: String(port),
      PAPER_CLIENT_ID: "2",
      QUOTE_STREAM_IDLE_SEC: "0",
      LOG_LEVEL: "ERROR",
      AUDIT_DB_PATH: join(dir, "adapter.db"),
      KILL_SWITCH_FILE: join(dir, "KS2"),
    },
    cwd: dir,
    dotenv: false,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  const core = await createGatewayCore(result.config, { logDestination: "stderr" });
  core.start();
  await core.services.broker.connection.waitUntilReady(10_000);
  return core;
}

function subdir(dir, name) {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}

const settle = () => new Promise((r) => setTimeout(r, 2000));
const round = (v) => Math.round(v * 100) / 100;
/** Distinct 1–5 letter symbols the simulator knows (reference 100), each resolved once: a cold contract cache. */
const coldSymbol = (i) => `Q${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
