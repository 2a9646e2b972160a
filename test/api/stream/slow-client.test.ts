// A client that stops reading its socket (the raw TCP socket under a real ws client is paused): the gateway's memory
// for it stays bounded (the server-side socket's unsent bytes are sampled), its quotes are conflated, durable events
// are never dropped, and a client too far behind is closed with 4008 and the seq to resume after.
import type { Socket } from "node:net";
import { setImmediate as turn } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { HIGH_WATER_BYTES } from "../../../src/api/stream-outbox.js";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { sqliteOf } from "../../support/sqlite.js";
import { B } from "../../operations/orders/support/orders.js";
import { openStream, type Envelope, type StreamClient } from "./support.js";

const KEY = "slow-client-key-0123456789";
let gw: TestGateway | undefined;
const clients: StreamClient[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  timers.splice(0).forEach((t) => clearInterval(t));
  // A paused client would never answer the close handshake.
  for (const client of clients.splice(0)) client.socket.terminate();
  await gw?.close();
  gw = undefined;
});

async function start(env: Record<string, string> = {}): Promise<string> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", API_KEY: KEY, ...env } });
  const http = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  return http;
}

async function connect(http: string): Promise<StreamClient> {
  const client = await openStream(http.replace(/^http/, "ws") + "/stream", { "x-api-key": KEY });
  clients.push(client);
  return client;
}

/** The TCP socket under a ws client. */
const tcpOf = (client: StreamClient) => (client.socket as unknown as { _socket: Socket })._socket;

/**
 * Stops the client reading, as a stalled consumer does, until the returned function is called. ws resumes its socket
 * whenever its own parser drains, so that resume is held back meanwhile.
 */
function stall(client: StreamClient): () => void {
  const tcp = tcpOf(client);
  const resume = tcp.resume.bind(tcp);
  tcp.resume = () => tcp;
  tcp.pause();
  return () => {
    tcp.resume = resume;
    tcp.resume();
  };
}
/** The gateway's side of the only open WebSocket. */
const serverSocket = () =>
  [...(gw!.app as unknown as { websocketServer: { clients: Set<WebSocket> } }).websocketServer.clients][0]!;
const conflated = () =>
  Object.values(gw!.services.metrics.snapshot().counters.stream_live_conflated_total ?? {}).reduce((a, b) => a + b, 0);

/** Counts arrivals of one type without rescanning every message on each arrival. */
function counter(client: StreamClient, type: string): () => number {
  let seen = 0;
  let count = 0;
  return () => {
    for (; seen < client.messages.length; seen += 1) if (client.messages[seen]!.type === type) count += 1;
    return count;
  };
}

describe("a slow GET /stream client", () => {
  it("is held to bounded memory with conflated quotes, then gets every durable event exactly once", async () => {
    const http = await start({ SIM_WALK_MS: "1" });
    const client = await connect(http);
    const startSeq = sqliteOf(gw!).latestEventSeq();
    client.send({ op: "subscribe", topics: ["orders", "fills"] });
    const symbols = Array.from({ length: 20 }, (_, i) => `W${String.fromCharCode(65 + i)}`);
    for (const symbol of symbols) client.send({ op: "subscribe", topic: "quotes", instrument: { symbol } });
    await client.until((m) => m.filter((e) => e.type === "subscribed").length === 21, "every subscription", 20_000);

    const unstall = stall(client);
    let maxBuffered = 0;
    timers.push(setInterval(() => (maxBuffered = Math.max(maxBuffered, serverSocket().bufferedAmount)), 2));
    // The kernel's socket buffers fill first; then the gateway keeps only the newest quote per instrument.
    await expect.poll(conflated, { timeout: 60_000, interval: 50 }).toBeGreaterThan(1000);
    const orderIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${http}/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": KEY },
        body: JSON.stringify(B({ clientOrderId: `slow-${i}` })),
      });
      orderIds.push(((await res.json()) as { orderId: string }).orderId);
    }
    const stored = () => sqliteOf(gw!).eventsAfter(startSeq, ["orders", "fills"], 1000);
    await expect.poll(() => stored().filter((e) => e.type === "order.fill").length).toBe(3);
    const before = conflated();
    await expect.poll(conflated, { timeout: 30_000, interval: 50 }).toBeGreaterThan(before + 1000);
    clearInterval(timers.pop());
    // What the gateway holds for the client: at most the durable feed's byte bound plus one message.
    expect(maxBuffered).toBeLessThan(HIGH_WATER_BYTES + 64 * 1024);

    unstall();
    const fills = counter(client, "order.fill");
    await client.until(() => fills() === 3, "the three fills", 60_000);
    const durable = client.messages.filter((m: Envelope) => m.seq !== null).map((m) => m.seq);
    expect(durable).toEqual(stored().map((e) => e.seq));
    const quoted = new Set(client.messages.filter((m) => m.type === "quote.update").map((m) => m.data.key as string));
    expect(quoted).toEqual(new Set(symbols.map((s) => `${s}:STK`)));
  }, 180_000);

  it("is closed with 4008 naming the seq to resume after once too far behind; resuming gets the rest once", async () => {
    const http = await start();
    const client = await connect(http);
    client.send({ op: "subscribe", topics: ["orders"] });
    await client.until((m) => m.some((e) => e.type === "subscribed"), "subscribed");
    const unstall = stall(client);
    // Durable events written as the order path writes them, faster than the paused client takes them.
    const pad = "x".repeat(2000);
    for (let n = 0; n < 100_000 && serverSocket().readyState === serverSocket().OPEN; n += 1) {
      sqliteOf(gw!).appendEvent({ topic: "orders", type: "order.status", data: { n, pad } });
      if (n % 100 === 99) await turn();
    }
    expect(serverSocket().readyState).not.toBe(serverSocket().OPEN);
    unstall();
    const { code, reason } = await client.closed();
    expect(code).toBe(4008);
    const resumeAfter = Number(/^too slow: resume from seq (\d+)$/.exec(reason)?.[1]);
    const received = client.messages.filter((m) => m.seq !== null).map((m) => m.seq!);
    expect(resumeAfter).toBe(received.at(-1));
    expect(client.messages.at(-1)!.data).toMatchObject({ code: "TOO_FAR_BEHIND", resumeAfter });

    const latest = sqliteOf(gw!).latestEventSeq();
    const again = await connect(http);
    again.send({ op: "subscribe", topics: ["orders"] });
    again.send({ op: "resume", after: resumeAfter });
    const statuses = counter(again, "order.status");
    await again.until(() => statuses() === latest - resumeAfter, "the rest of the events", 60_000);
    const seqs = again.messages.filter((m) => m.seq !== null).map((m) => m.seq!);
    expect(seqs).toEqual(Array.from({ length: latest - resumeAfter }, (_, i) => resumeAfter + 1 + i));
  }, 180_000);
});
