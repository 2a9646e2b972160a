// GET /stream over a real socket: the real app listening on port 0, the real simulator over TCP, the real store.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { B } from "../../operations/orders/support/orders.js";
import { durable, ofType, openStream, type StreamClient } from "./support.js";
import { sqliteOf } from "../../support/sqlite.js";

const KEY = "stream-test-key-0123456789";
let gw: TestGateway | undefined;
const clients: StreamClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await gw?.close();
  gw = undefined;
});

async function start(): Promise<{ http: string; ws: string }> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", API_KEY: KEY } });
  const http = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  return { http, ws: http.replace(/^http/, "ws") + "/stream" };
}

async function connect(url: string, headers: Record<string, string> = { "x-api-key": KEY }): Promise<StreamClient> {
  const client = await openStream(url, headers);
  clients.push(client);
  return client;
}

async function placeOrder(http: string, body: Record<string, unknown>): Promise<{ orderId: string; status: string }> {
  const res = await fetch(`${http}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": KEY },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { orderId: string; status: string };
}

const filledOf = (orderId: string) => (messages: { type: string; data: { orderId?: string; status?: string } }[]) =>
  messages.some((m) => m.type === "order.status" && m.data.orderId === orderId && m.data.status === "FILLED") &&
  messages.some((m) => m.type === "order.fill" && m.data.orderId === orderId);

describe("GET /stream", () => {
  it("sends order.status and order.fill of an order placed over REST, in order with increasing seq", async () => {
    const { http, ws } = await start();
    const client = await connect(ws);
    client.send({ op: "subscribe", topics: ["orders", "fills"] });
    await client.until((m) => ofType(m, "subscribed").length === 1, "subscribed");
    expect(client.messages[0]).toMatchObject({ seq: null, type: "subscribed", data: { topics: ["orders", "fills"] } });
    const placed = await placeOrder(http, B({ clientOrderId: "ws-1" }));
    expect(placed.status).toBe("ACCEPTED");
    await client.until(filledOf(placed.orderId), "the order's fill");
    const events = durable(client.messages);
    const seqs = events.map((e) => e.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const fill = events.find((e) => e.type === "order.fill")!;
    expect(fill).toMatchObject({
      topic: "fills",
      data: { orderId: placed.orderId, clientOrderId: "ws-1", symbol: "AAPL", side: "BUY", quantity: 1 },
    });
    expect(fill.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    const filled = events.find((e) => e.type === "order.status" && e.data.status === "FILLED")!;
    expect(filled).toMatchObject({ topic: "orders", data: { orderId: placed.orderId, symbol: "AAPL" } });
    // What the client saw is exactly what the store holds for these topics.
    const stored = sqliteOf(gw!)
      .eventsAfter(0, ["orders", "fills"], 100)
      .map((e) => e.seq);
    expect(seqs).toEqual(stored);
  });

  it("reports connection.lost then connection.restored when the broker connection drops", async () => {
    const { ws } = await start();
    const client = await connect(ws);
    client.send({ op: "subscribe", topics: ["connection"] });
    gw!.simulator!.control.addFault({ kind: "drop-connections" });
    await client.until((m) => ofType(m, "connection.restored").length === 1, "connection.restored");
    const types = durable(client.messages).map((m) => m.type);
    expect(types).toEqual(["connection.lost", "connection.restored"]);
    expect(ofType(client.messages, "connection.restored")[0]!.data).toEqual({ dataLost: true, via: "reconnect" });
  });

  it("replays exactly the missed events after a reconnect and resume, then continues live", async () => {
    const { http, ws } = await start();
    const first = await connect(ws);
    first.send({ op: "subscribe", topics: ["orders", "fills"] });
    const a = await placeOrder(http, B({ clientOrderId: "r-1" }));
    await first.until(filledOf(a.orderId), "first order filled");
    const lastSeen = Math.max(...durable(first.messages).map((m) => m.seq!));
    await first.close();

    const missed = await placeOrder(http, B({ clientOrderId: "r-2" }));
    await expect.poll(() => sqliteOf(gw!).eventsAfter(lastSeen, ["fills"], 10).length).toBeGreaterThan(0);
    const expected = () =>
      sqliteOf(gw!)
        .eventsAfter(lastSeen, ["orders", "fills"], 100)
        .map((e) => e.seq);

    const second = await connect(ws);
    second.send({ op: "subscribe", topics: ["orders", "fills"] });
    second.send({ op: "resume", after: lastSeen });
    await second.until(filledOf(missed.orderId), "the missed order's events");
    const live = await placeOrder(http, B({ clientOrderId: "r-3" }));
    await second.until(filledOf(live.orderId), "the live order's events");
    const seqs = durable(second.messages).map((m) => m.seq!);
    expect(seqs).toEqual(expected());
    expect(seqs[0]).toBeGreaterThan(lastSeen);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("answers bad messages with an error envelope and keeps the socket open", async () => {
    const { ws } = await start();
    const client = await connect(ws);
    client.send("not json");
    client.send({ op: "subscribe", topics: ["quotes"] });
    client.send({ op: "subscribe", topics: ["nope"] });
    client.send({ op: "resume", after: -1 });
    client.send({ op: "fly" });
    client.send({ op: "ping" });
    await client.until((m) => ofType(m, "pong").length === 1, "pong");
    const errors = ofType(client.messages, "error");
    expect(errors.map((e) => e.data.code)).toEqual([
      "BAD_REQUEST",
      "VALIDATION_ERROR",
      "VALIDATION_ERROR",
      "VALIDATION_ERROR",
      "VALIDATION_ERROR",
    ]);
    expect(errors[1]).toMatchObject({
      seq: null,
      topic: "stream",
      data: { message: expect.stringContaining("quotes") },
    });
    expect(errors[2]!.data.message).toContain("Unknown topic 'nope'");
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it("refuses an upgrade without the key, and accepts a one-use ticket instead", async () => {
    const { http, ws } = await start();
    await expect(openStream(ws, {})).rejects.toThrow("HTTP 401");
    const res = await fetch(`${http}/stream/ticket`, { method: "POST", headers: { "x-api-key": KEY } });
    expect(res.status).toBe(200);
    const { ticket, expiresAt } = (await res.json()) as { ticket: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const client = await connect(`${ws}?ticket=${ticket}`, {});
    client.send({ op: "ping" });
    await client.until((m) => ofType(m, "pong").length === 1, "pong");
    await expect(openStream(`${ws}?ticket=${ticket}`, {})).rejects.toThrow("HTTP 401");
    await expect(openStream(`${ws}?ticket=forged`, {})).rejects.toThrow("HTTP 401");
    const plain = await fetch(`${http}/stream`, { headers: { "x-api-key": KEY } });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({
      error_code: "BAD_REQUEST",
      message: expect.stringContaining("WebSocket"),
    });
  });

  it("sends kill-switch.changed on the trading-status topic", async () => {
    const { http, ws } = await start();
    const client = await connect(ws);
    client.send({ op: "subscribe", topics: ["trading-status"] });
    await client.until((m) => ofType(m, "subscribed").length === 1, "subscribed");
    const res = await fetch(`${http}/admin/kill-switch`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": KEY },
      body: JSON.stringify({ active: true, reason: "stream test" }),
    });
    expect(res.status).toBe(200);
    await client.until((m) => ofType(m, "kill-switch.changed").length === 1, "kill-switch.changed");
    expect(ofType(client.messages, "kill-switch.changed")[0]).toMatchObject({
      topic: "trading-status",
      data: { active: true, reason: "stream test", source: "rest" },
    });
  });

  it("counts stream connections and logs their end, keeping them out of the request latency histogram", async () => {
    const { http, ws } = await start();
    const client = await connect(ws);
    const abort = new AbortController();
    const sse = await fetch(`${http}/events`, { headers: { "x-api-key": KEY }, signal: abort.signal });
    expect(sse.status).toBe(200);
    const gauge = () => gw!.services.metrics.snapshot().gauges.stream_clients;
    expect(gauge()).toEqual({ "transport=websocket": 1, "transport=sse": 1 });
    await client.close();
    abort.abort();
    await expect.poll(gauge).toEqual({ "transport=websocket": 0, "transport=sse": 0 });
    const snapshot = gw!.services.metrics.snapshot();
    expect(snapshot.counters.stream_connections_total).toEqual({ "transport=websocket": 1, "transport=sse": 1 });
    const series = Object.keys(snapshot.histograms.api_request_duration_seconds ?? {});
    expect(series.filter((s) => s.includes("/stream") || s.includes("/events"))).toEqual([]);
    const closed = gw!.logs.filter((l) => l.includes('"Stream closed"')).map((l) => JSON.parse(l));
    expect(closed.map((l) => l.transport).sort()).toEqual(["sse", "websocket"]);
    for (const line of closed) expect(line.duration_ms).toBeGreaterThanOrEqual(0);
  });
});
