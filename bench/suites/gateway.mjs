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
import { startGatewayProcess } from "../lib/gateway-process.mjs";
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
import { summarize, time } from "../lib/stats.mjs";

const AAPL = { symbol: "AAPL", securityType: "STK" };
const RAW_AAPL = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };
const RESTING_LMT = { instrument: AAPL, side: "BUY", quantity: 1, orderType: "LMT", limitPrice: 50 };
const SNAPSHOT = "snapshot";
const STREAMING = "streaming lines";

export async function gatewaySuite({ quick }) {
  const n = quick ? 3 : 300;
  const pacedCount = quick ? 3 : 50;
  const dir = mkdtempSync(join(tmpdir(), "bench-gw-"));
  const cleanup = [];
  try {
    const rows = [];
    const measure = async (name, unit, fn, count = n) => {
      await time(Math.min(count, 5), fn);
      const row = { name, unit, ...summarize(await time(count, fn)) };
      rows.push(row);
      return row;
    };
    rows.push(...(await httpFloorFigures(measure, n, pacedCount)));

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
    const compare = async (label, restFn, adapterFn, rawFn, count = n) => {
      const r = await measure(`${label} (REST)`, "ms", restFn, count);
      const a = await measure(`${label} (adapter)`, "ms", adapterFn, count);
      const f = await measure(`${label} (raw IBApi)`, "ms", rawFn, count);
      r.ratio = round(r.p50 / f.p50);
      a.ratio = round(a.p50 / f.p50);
      r.overheadMs = round(r.p50 - f.p50);
      return f;
    };
    let cold = 0;
    await measure(
      `quote cold, new symbol, ${SNAPSHOT} (REST)`,
      "ms",
      () => call(gw.base, "POST", "/market-data/quote", { symbol: coldSymbol(cold++), securityType: "STK" }),
      quick ? 3 : 50,
    );
    const rawWarm = await compare(
      `quote warm, ${SNAPSHOT}`,
      rest("POST", "/market-data/quote", AAPL),
      () => core.services.broker.marketData.quote(AAPL),
      () => rawQuote(raw, RAW_AAPL),
    );
    const pacedRows = await pacedQuoteFigures(gw.base, core, raw, pacedCount);
    const rawPaced = pacedRows[2];
    rows.push(...pacedRows);
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
      quick ? 3 : 100,
    );
    await measure("pnl (REST)", "ms", rest("GET", "/account/pnl"), quick ? 3 : 50);
    rows.push(...(await orderFigures(gw.base, core, raw, quick ? 3 : 100)));
    await settle();
    rows.push({ name: `gateway RSS idle, ${SNAPSHOT}`, unit: "MiB", value: gw.rssMiB() });
    rows.push(...(await throughput(gw, quick, SNAPSHOT)));

    const stream = await startGatewayProcess(sim.port, subdir(dir, "streaming"), {
      PAPER_CLIENT_ID: "4",
      QUOTE_STREAM_IDLE_SEC: "60",
    });
    cleanup.push(() => stream.stop());
    await waitHealthy(stream.base);
    rows.push(...(await streamingFigures(stream, measure, { n, pacedCount, quick, rawWarm, rawPaced })));
    return rows;
  } finally {
    closeAgent();
    for (const stop of cleanup.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The cost of one local HTTP hop and nothing else: a bare node:http server in its own process answering a small JSON
 * POST, through the same keep-alive client as the REST figures, back to back and one every 60 ms.
 */
async function httpFloorFigures(measure, count, pacedCount) {
  const floor = await startHttpFloorProcess();
  try {
    const post = () => call(floor.base, "POST", "/market-data/quote", AAPL);
    await measure("http floor, bare node:http (back to back)", "ms", post, count);
    return [{ name: "http floor, bare node:http (paced)", unit: "ms", ...summarize(await paced(pacedCount, post)) }];
  } finally {
    await floor.stop();
  }
}

/**
 * The gateway with QUOTE_STREAM_IDLE_SEC=60: after one quote it keeps a streaming line for AAPL open and answers warm
 * quotes from it. `vs raw` compares with the raw snapshot request, the broker round trip a warm quote no longer makes.
 */
async function streamingFigures(gw, measure, { n, pacedCount, quick, rawWarm, rawPaced }) {
  const quote = () => call(gw.base, "POST", "/market-data/quote", AAPL);
  await quote();
  await new Promise((r) => setTimeout(r, 300));
  const warm = await measure(`quote warm, ${STREAMING} (REST)`, "ms", quote, n);
  warm.ratio = round(warm.p50 / rawWarm.p50);
  const pacedRow = {
    name: `quote warm, ${STREAMING}, paced (REST)`,
    unit: "ms",
    ...summarize(await paced(pacedCount, quote)),
  };
  pacedRow.ratio = round(pacedRow.p50 / rawPaced.p50);
  await settle();
  return [
    pacedRow,
    { name: `gateway RSS idle, ${STREAMING}`, unit: "MiB", value: gw.rssMiB() },
    ...(await throughput(gw, quick, STREAMING)),
  ];
}

/**
 * Warm quotes one every 60 ms: below the adapter's data pacing (40 messages/s, two per quote), so no sample waits for a
 * pacer slot and REST − raw is the gateway's own overhead.
 */
async function pacedQuoteFigures(base, core, raw, count) {
  const series = async (fn) => summarize(await paced(count, fn));
  const r = {
    name: `quote warm, ${SNAPSHOT}, paced (REST)`,
    unit: "ms",
    ...(await series(() => call(base, "POST", "/market-data/quote", AAPL))),
  };
  const a = {
    name: `quote warm, ${SNAPSHOT}, paced (adapter)`,
    unit: "ms",
    ...(await series(() => core.services.broker.marketData.quote(AAPL))),
  };
  const f = {
    name: `quote warm, ${SNAPSHOT}, paced (raw IBApi)`,
    unit: "ms",
    ...(await series(() => rawQuote(raw, RAW_AAPL))),
  };
  r.ratio = round(r.p50 / f.p50);
  a.ratio = round(a.p50 / f.p50);
  r.overheadMs = round(r.p50 - f.p50);
  return [r, a, f];
}

/** Latency of `fn` called `count` times, one every `gapMs` (the wait is not timed). */
async function paced(count, fn, gapMs = 60) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

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
    ...summarize(await time(count, (i) => call(base, "POST", "/market-data/historical", bars(restSyms[i])))),
  };
  const a = {
    name: "historical 5d/1h (adapter)",
    unit: "ms",
    ...summarize(await time(count, (i) => core.services.broker.marketData.historical(bars(adapterSyms[i])))),
  };
  const f = {
    name: "historical 5d/1h (raw IBApi)",
    unit: "ms",
    ...summarize(await time(count, (i) => rawHistorical(raw, { ...RAW_AAPL, symbol: rawSyms[i] }))),
  };
  r.ratio = round(r.p50 / f.p50);
  a.ratio = round(a.p50 / f.p50);
  return [r, a, f];
}

async function orderFigures(base, core, raw, count) {
  const rows = [];
  const ids = [];
  const place = summarize(
    await time(count, async () => ids.push((await call(base, "POST", "/orders", RESTING_LMT)).orderId)),
  );
  rows.push({ name: "place LMT ack (REST)", unit: "ms", ...place });
  rows.push({
    name: "order status (REST)",
    unit: "ms",
    ...summarize(await time(count, (i) => call(base, "GET", `/orders/${ids[i]}/status`))),
  });
  rows.push({
    name: "preview LMT (REST)",
    unit: "ms",
    ...summarize(await time(count, () => call(base, "POST", "/orders/preview", RESTING_LMT))),
  });
  rows.push({
    name: "cancel (REST)",
    unit: "ms",
    ...summarize(await time(count, (i) => call(base, "POST", `/orders/${ids[i]}/cancel`))),
  });
  rows.push(...(await adapterOrderFigures(core, count)));
  let orderId = await nextOrderIdFrom(raw);
  const rawIds = [];
  const rawPlaceRow = {
    name: "place LMT ack (raw IBApi)",
    unit: "ms",
    ...summarize(await time(count, () => (rawIds.push(orderId), rawPlace(raw, orderId++, RAW_AAPL_CONTRACT)))),
  };
  rows.push(rawPlaceRow);
  rows.push({
    name: "cancel (raw IBApi)",
    unit: "ms",
    ...summarize(await time(count, (i) => rawCancel(raw, rawIds[i]))),
  });
  rows[0].ratio = round(place.p50 / rawPlaceRow.p50);
  const adapterPlace = rows.find((r) => r.name === "place LMT ack (adapter)");
  adapterPlace.ratio = round(adapterPlace.p50 / rawPlaceRow.p50);
  return rows;
}

/** The broker adapter's own place and cancel, without validation, risk checks or audit around them. */
async function adapterOrderFigures(core, count) {
  const { broker } = core.services;
  const contract = await broker.contracts.resolve(OrderSpec.parse(RESTING_LMT).instrument);
  const spec = OrderSpec.parse(RESTING_LMT);
  const ids = [];
  const place = await time(count, async () => ids.push((await broker.orders.place(spec, contract)).orderId));
  const cancel = await time(count, (i) => broker.orders.cancel(ids[i]));
  return [
    { name: "place LMT ack (adapter)", unit: "ms", ...summarize(place) },
    { name: "cancel (adapter)", unit: "ms", ...summarize(cancel) },
  ];
}

const RAW_AAPL_CONTRACT = RAW_AAPL;

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

async function waitHealthy(base) {
  for (let i = 0; i < 100; i++) {
    const h = await call(base, "GET", "/health");
    if (h.status === "ok") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("gateway never became healthy");
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
