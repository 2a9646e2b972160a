// Quote fan-out over GET /stream: 1, 10 and 100 WebSocket clients each watching the same 20 instruments while the
// simulator (its own process) moves every price every millisecond. One gateway process serves them all; the clients
// run in this process. Per row: tick→client latency (from the gateway building the quote off the broker's ticks, the
// quote's `timestamp`, to the client receiving it; same machine, same clock, millisecond resolution), quotes delivered
// per second over all clients, quotes conflated per second, and the gateway's peak RSS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { startGatewayProcess, waitHealthy } from "../lib/gateway-process.mjs";
import { call, closeAgent } from "../lib/http-client.mjs";
import { startSimProcess } from "../lib/sim-process.mjs";
import { summarize } from "../lib/stats.mjs";

const INSTRUMENTS = Array.from({ length: 20 }, (_, i) => `F${String.fromCharCode(65 + i)}`);
const STAMP = '"timestamp":"';

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
  const sockets = await Promise.all(Array.from({ length: clients }, () => openClient(url)));
  let measuring = false;
  const samples = [];
  let delivered = 0;
  for (const socket of sockets) {
    socket.on("message", (data) => {
      if (!measuring) return;
      // The client's own cost is kept small: the stamp is read from the frame's bytes, the JSON is not parsed.
      const at = data.indexOf(STAMP);
      if (at < 0) return;
      delivered += 1;
      const from = at + STAMP.length;
      samples.push(Date.now() - Date.parse(data.toString("latin1", from, from + 24)));
    });
  }
  // Every client subscribes to every instrument; the subscriptions are answered before the clock starts.
  await Promise.all(sockets.map((socket) => subscribeAll(socket)));
  await new Promise((r) => setTimeout(r, 500));
  const conflatedBefore = await conflatedTotal(gw.base);
  let peakRss = gw.rssMiB();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, gw.rssMiB())), 100);
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, measureMs));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(rssTimer);
  const conflated = (await conflatedTotal(gw.base)) - conflatedBefore;
  await Promise.all(sockets.map((socket) => closeClient(socket)));
  const label = `${clients} client${clients === 1 ? "" : "s"} × ${INSTRUMENTS.length} instruments`;
  return [
    { name: `fan-out tick→client, ${label}`, unit: "ms", ...summarize(samples) },
    { name: `fan-out quotes delivered/s, ${label}`, unit: "msg/s", value: Math.round(delivered / seconds) },
    { name: `fan-out quotes conflated/s, ${label}`, unit: "msg/s", value: Math.round(conflated / seconds) },
    { name: `fan-out gateway RSS peak, ${label}`, unit: "MiB", value: peakRss },
  ];
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
