// The spawned `ibkr-gateway watch` against a running gateway (real app on a port, embedded simulator over TCP):
// NDJSON for a placed order and its fill, the broker connection gap when the simulator drops the connection, the
// gateway link dropping and resuming without a lost event, exit 0 on SIGINT, usage errors and refused keys. `watch
// quotes` also against a WebSocket endpoint speaking the quotes topic as docs/streaming.md describes it, since the
// gateway may not serve it yet. Needs `dist/` (npm test builds first).
import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket as WsSocket } from "ws";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { ROOT, runBin, startProcess, type RunningProcess } from "../support/spawn.js";
import { B, post, type Body } from "../operations/orders/support/orders.js";

const CLI = `${ROOT}/dist/cli/main.js`;
let gw: TestGateway | undefined;
let watcher: RunningProcess | undefined;
afterEach(async () => {
  await watcher?.stop("SIGKILL");
  await gw?.close();
  gw = watcher = undefined;
});

async function start(env: Record<string, string> = {}): Promise<string> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", ...env } });
  return gw.app.listen({ port: 0, host: "127.0.0.1" });
}

/** The NDJSON lines printed so far (stderr lines are not JSON and are skipped). */
function envelopes(run: RunningProcess): Array<{ seq: number | null; topic: string; type: string; data: Body }> {
  return run
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { seq: number | null; topic: string; type: string; data: Body });
}

describe("ibkr-gateway watch orders --json", () => {
  it("prints NDJSON for a placed order, a broker connection gap and a gateway link drop, and exits 0 on Ctrl-C", async () => {
    const url = await start();
    watcher = startProcess(process.execPath, [CLI, "watch", "orders", "--json", "--url", url]);
    await watcher.waitFor(/"type":"watch.connected"/);
    const placed = await post(gw!, "/orders", B());
    const orderId = placed.body.orderId as string;
    await watcher.waitFor(new RegExp(`"type":"order.fill".*"orderId":"${orderId}"`));
    await watcher.waitFor(new RegExp(`"type":"order.status".*"status":"FILLED"`));
    gw!.simulator!.control.addFault({ kind: "drop-connections" });
    await watcher.waitFor(/"type":"connection.lost"/);
    await watcher.waitFor(/"type":"connection.restored"/);
    // The gateway drops its HTTP connections: the watcher says so, reconnects and resumes after its last seq.
    gw!.app.server.closeAllConnections();
    await watcher.waitFor(/"type":"watch.disconnected"/);
    await post(gw!, "/orders", B({ orderType: "LMT", limitPrice: 50 }));
    const stored = (await gw!.services.store.eventsAfter(0, ["orders", "fills", "connection"], 100)).map((e) => e.seq);
    await watcher.waitFor(new RegExp(`"seq":${stored[stored.length - 1]},`));
    const lines = envelopes(watcher);
    for (const line of lines) expect(line).toHaveProperty("type");
    const seqs = lines.filter((e) => e.seq !== null).map((e) => e.seq);
    // Every durable event once, in order (later ones, like the resting order's acknowledgement, may follow).
    expect(seqs.slice(0, stored.length)).toEqual(stored);
    expect(new Set(seqs).size).toBe(seqs.length);
    const statuses = lines.filter((e) => e.type === "order.status" && e.data.orderId === orderId);
    expect(statuses.map((e) => e.data.status)).toContain("FILLED");
    expect(lines.filter((e) => e.type === "watch.connected")).toHaveLength(2);
    expect(await watcher.stop("SIGINT")).toBe(0);
    watcher = undefined;
  });

  it("refuses a bad --url as a usage error and a wrong key with exit 1, and takes the key from --key-file", async () => {
    const bad = await runBin("cli/main.js", ["watch", "orders", "--url", "ftp://x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--url must be an http(s) URL, got 'ftp://x'");
    const badInstrument = await runBin("cli/main.js", ["watch", "quotes", "ES:FUTURE"]);
    expect(badInstrument.code).toBe(2);
    expect(badInstrument.stderr).toContain("'ES:FUTURE' is not an instrument");
    const url = await start({ API_KEY: "secret-key-0123456789" });
    const keyFile = join(gw!.dir, "wrong.key");
    writeFileSync(keyFile, "wrong-key-0123456789\n");
    const refused = await runBin("cli/main.js", ["watch", "orders", "--json", "--url", url, "--key-file", keyFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("GET /events answered HTTP 401");
    const right = join(gw!.dir, "right.key");
    writeFileSync(right, "secret-key-0123456789\n");
    watcher = startProcess(process.execPath, [CLI, "watch", "orders", "--json", "--url", url, "--key-file", right]);
    await watcher.waitFor(/"type":"watch.connected"/);
  });

  it("documents the views with examples", async () => {
    const help = await runBin("cli/main.js", ["watch", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("ibkr-gateway watch quotes AAPL MSFT");
    expect(help.stdout).toContain("stream.gap");
  });
});

describe("ibkr-gateway watch pnl --json", () => {
  it("prints a P&L snapshot at start and again after a fill", async () => {
    const url = await start();
    watcher = startProcess(process.execPath, [CLI, "watch", "pnl", "--json", "--url", url]);
    await watcher.waitFor(/"type":"pnl.snapshot"/);
    await watcher.waitFor(/"type":"watch.connected"/);
    await post(gw!, "/orders", B());
    await watcher.waitFor(/"type":"order.fill"/);
    await watcher.waitFor(/"type":"order.fill"[^\n]*\n(.*\n)*.*"type":"pnl.snapshot"/);
    const snapshots = envelopes(watcher).filter((e) => e.type === "pnl.snapshot");
    expect(snapshots[0]).toMatchObject({ topic: "pnl", data: { accountId: "DU1234567" } });
    expect(await watcher.stop("SIGINT")).toBe(0);
    watcher = undefined;
  });
});

describe("ibkr-gateway watch quotes --json", () => {
  it("prints quote.update lines for the instruments", async () => {
    const url = await start();
    watcher = startProcess(process.execPath, [CLI, "watch", "quotes", "AAPL", "--json", "--url", url]);
    const [line] = await watcher.waitFor(/\{[^\n]*"type":"quote.update"[^\n]*\}/);
    expect(JSON.parse(line)).toMatchObject({ topic: "quotes", data: { instrument: { symbol: "AAPL" } } });
    expect(await watcher.stop("SIGINT")).toBe(0);
    watcher = undefined;
  });

  it("says which instrument the gateway refused and keeps watching the others", async () => {
    const url = await start({ STREAM_MAX_QUOTE_LINES: "1" });
    watcher = startProcess(process.execPath, [CLI, "watch", "quotes", "AAPL", "MSFT", "--json", "--url", url]);
    await watcher.waitFor(/"type":"error"[^\n]*MARKET_DATA_LINE_LIMIT/);
    const refused = envelopes(watcher).find((e) => e.type === "error");
    expect(refused?.data).toMatchObject({ code: "MARKET_DATA_LINE_LIMIT", key: expect.stringContaining("MSFT") });
    const before = envelopes(watcher).filter((e) => e.type === "quote.update").length;
    gw!.simulator!.control.setPrices({ symbol: "AAPL", bid: 120, ask: 121, last: 120.5 });
    await expect
      .poll(() => envelopes(watcher!).filter((e) => e.type === "quote.update").length)
      .toBeGreaterThan(before);
    expect(await watcher.stop("SIGINT")).toBe(0);
    watcher = undefined;
  });
});

describe("ibkr-gateway watch quotes against the quotes topic as docs/streaming.md describes it", () => {
  it("subscribes each instrument, prints quote.update lines, and after a drop subscribes again and resumes", async () => {
    const received: Array<Record<string, unknown>> = [];
    const stub = new WebSocketServer({ port: 0, host: "127.0.0.1", path: "/stream" });
    await new Promise((resolve) => stub.once("listening", resolve));
    const sockets: WsSocket[] = [];
    stub.on("connection", (socket) => {
      sockets.push(socket);
      socket.on("message", (raw) => {
        const message = JSON.parse(raw.toString()) as Record<string, unknown>;
        received.push(message);
        const send = (type: string, data: Record<string, unknown>, seq: number | null = null, topic = "stream") =>
          socket.send(JSON.stringify({ seq, topic, type, time: "2026-01-05T10:00:00.000Z", data }));
        if (message["topics"] !== undefined) {
          send("subscribed", { topics: ["connection"] });
          send("connection.lost", { reason: "test" }, 7, "connection");
        } else if (message["op"] === "subscribe") {
          const instrument = message["instrument"] as { symbol: string };
          send("subscribed", { topics: ["connection"], quotes: [instrument.symbol] });
          send("quote.update", { key: instrument.symbol, instrument, quote: { bid: 1, ask: 2 } }, null, "quotes");
        }
      });
    });
    try {
      const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
      watcher = startProcess(process.execPath, [
        CLI,
        "watch",
        "quotes",
        "AAPL",
        "ES:FUT:202703",
        "--json",
        "--url",
        url,
      ]);
      await watcher.waitFor(/"type":"quote.update"[^\n]*"symbol":"ES"/);
      expect(received.slice(0, 3)).toEqual([
        { op: "subscribe", topics: ["connection"] },
        { op: "subscribe", topic: "quotes", instrument: { symbol: "AAPL" } },
        { op: "subscribe", topic: "quotes", instrument: { symbol: "ES", securityType: "FUT", expiry: "202703" } },
      ]);
      sockets[0]!.terminate();
      await watcher.waitFor(/"type":"watch.disconnected"/);
      await watcher.waitFor(/"type":"watch.connected"[^\n]*"resumedAfter":7/);
      await new Promise<void>((resolve) => {
        const check = () => (received.length >= 7 ? resolve() : setTimeout(check, 20));
        check();
      });
      expect(received.slice(3, 5)).toEqual([
        { op: "subscribe", topics: ["connection"] },
        { op: "resume", after: 7 },
      ]);
      const lines = envelopes(watcher);
      expect(lines.filter((e) => e.type === "connection.lost").length).toBeGreaterThanOrEqual(1);
      expect(await watcher.stop("SIGINT")).toBe(0);
      watcher = undefined;
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});
