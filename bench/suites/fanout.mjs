// Quote fan-out over GET /stream: 1, 10 and 100 WebSocket clients each watching the same 20 instruments while the
// simulator (its own process) moves every price every millisecond. One gateway process serves them all. One observer
// client runs in this process and measures tick→client latency (from the gateway building the quote off the broker's
// ticks, the quote's `timestamp`, to the observer receiving it; same machine, same clock, millisecond resolution); the
// other clients run in a child process. Per row also: quotes delivered per second over all clients, quotes conflated
// per second (slow clients), and the gateway's peak RSS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { startGatewayProcess, waitHealthy } from "../lib/gateway-process.mjs";
import { call, closeAgent } from "../lib/http-client.mjs";
import { startSimProcess } from "../lib/sim-process.mjs";
import { summarize } from "../lib/stats.mjs";

const INSTRUMENTS = Array.from({ length: 20 }, (_, i) => `F${String.fromCharCode(65 + i)}`);
const STAMP = '"timestamp":"';
const LOAD_SCRIPT = new URL("../lib/fanout-clients.mjs", import.meta.url).pathname;

export async function fanoutSuite({ quick }) {
  const counts = quick ? [1, 10] : [1, 10, 100];
  const measureMs = quick ? 500 : 3000;
  const dir = mkdtempSync(join(tmpdir(), "bench-fanout-"));
  const sim = await startSimProcess({ seed: 42, walkMs: 1 });
  let gw;
  try {
    gw = await startGatewayProcess(sim.port, dir, { PAPER_CLIENT_ID: "5", STREAM_MAX_QUOTE_LINES: "50" });
    await waitHealthy(gw.base);
    const rows = [];
    for (const n of counts) rows.push(...(await fanoutRow(gw, n, measureMs)));
    return rows;
  } finally {
    closeAgent();
    await gw?.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fanoutRow(gw, clients, measureMs) {
  const url = gw.base.replace(/^http/, "ws") + "/stream";
  // The other clients run in their own process: a client that cannot keep up there does not delay the observer's
  // reading here, so the latency is the gateway's (the two processes still share the machine's cores).
  const load = clients > 1 ? await startLoad(url, clients - 1) : null;
  const observer = await openClient(url);
  let measuring = false;
  const samples = [];
  let observed = 0;
  observer.on("message", (data) => {
    if (!measuring) return;
    // The stamp is read from the frame's bytes, the JSON is not parsed: the observer's own cost stays small.
    const at = data.indexOf(STAMP);
    if (at < 0) return;
    observed += 1;
    const from = at + STAMP.length;
    samples.push(Date.now() - Date.parse(data.toString("latin1", from, from + 24)));
  });
  await subscribeAll(observer);
  await new Promise((r) => setTimeout(r, 500));
  const conflatedBefore = await conflatedTotal(gw.base);
  const loadBefore = (await load?.count()) ?? 0;
  let peakRss = gw.rssMiB();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, gw.rssMiB())), 100);
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, measureMs));
  measuring = false;
  const loadAfter = (await load?.count()) ?? 0;
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(rssTimer);
  const conflated = (await conflatedTotal(gw.base)) - conflatedBefore;
  await closeClient(observer);
  await load?.stop();
  const delivered = observed + loadAfter - loadBefore;
  const label = `${clients} client${clients === 1 ? "" : "s"} × ${INSTRUMENTS.length} instruments`;
  return [
    { name: `fan-out tick→client, ${label}`, unit: "ms", ...summarize(samples) },
    { name: `fan-out quotes delivered/s, ${label}`, unit: "msg/s", value: Math.round(delivered / seconds) },
    { name: `fan-out quotes conflated/s, ${label}`, unit: "msg/s", value: Math.round(conflated / seconds) },
    { name: `fan-out gateway RSS peak, ${label}`, unit: "MiB", value: peakRss },
  ];
}

/** `clients` load clients in a child process (bench/lib/fanout-clients.mjs), subscribed once it resolves. */
function startLoad(url, clients) {
  const child = spawn(process.execPath, [LOAD_SCRIPT, url, String(clients), INSTRUMENTS.join(",")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  let ready;
  const isReady = new Promise((resolve, reject) => {
    ready = resolve;
    child.once("exit", (code) => reject(new Error(`fan-out load clients exited (${code})`)));
  });
  lines.on("line", (line) => {
    if (line === "ready") return ready();
    if (line.startsWith("count ")) waiting.shift()?.(Number(line.slice(6)));
  });
  const handle = {
    count: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write("count\n");
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once("close", resolve);
        child.stdin.end();
      }),
  };
  return isReady.then(() => handle);
}

function openClient(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

function subscribeAll(socket) {
  return new Promise((resolve) => {
    let answered = 0;
    const onMessage = (data) => {
      const text = data.toString();
      if (!text.includes('"type":"subscribed"') && !text.includes('"type":"error"')) return;
      answered += 1;
      if (answered === INSTRUMENTS.length) {
        socket.off("message", onMessage);
        resolve();
      }
    };
    socket.on("message", onMessage);
    for (const symbol of INSTRUMENTS) {
      socket.send(JSON.stringify({ op: "subscribe", topic: "quotes", instrument: { symbol } }));
    }
  });
}

function closeClient(socket) {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve();
    socket.once("close", resolve);
    socket.close();
  });
}

async function conflatedTotal(base) {
  const metrics = await call(base, "GET", "/metrics");
  const series = metrics?.counters?.stream_live_conflated_total ?? {};
  return Object.values(series).reduce((a, b) => a + b, 0);
}
