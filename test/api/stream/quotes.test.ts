// The live topics of GET /stream over real sockets: quotes (one broker line per instrument, counted at the
// simulator), the line limits, resubscription after a dropped broker connection, P&L and positions.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { B } from "../../operations/orders/support/orders.js";
import { ofType, openStream, type Envelope, type StreamClient } from "./support.js";

const KEY = "quotes-test-key-0123456789";
let gw: TestGateway | undefined;
const clients: StreamClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await gw?.close();
  gw = undefined;
});

async function start(env: Record<string, string> = {}): Promise<{ http: string; ws: string }> {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", API_KEY: KEY, ...env } });
  const http = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  return { http, ws: http.replace(/^http/, "ws") + "/stream" };
}

async function connect(url: string): Promise<StreamClient> {
  const client = await openStream(url, { "x-api-key": KEY });
  clients.push(client);
  return client;
}

const lines = () => gw!.simulator!.control.stats().marketDataLines;
const quotesOf = (messages: Envelope[], key: string) =>
  ofType(messages, "quote.update").filter((m) => m.data.key === key);
const subscribe = (client: StreamClient, instrument: Record<string, unknown>) =>
  client.send({ op: "subscribe", topic: "quotes", instrument });
const hasBid = (key: string, bid: number) => (m: Envelope[]) => quotesOf(m, key).some((q) => q.data.quote.bid === bid);

describe("GET /stream quotes", () => {
  it("shares one broker line between two clients, starts each with the current quote, releases it after both", async () => {
    const { ws } = await start();
    const a = await connect(ws);
    const b = await connect(ws);
    subscribe(a, { symbol: "AAPL" });
    await a.until((m) => quotesOf(m, "AAPL:STK").length === 1, "A's first quote");
    expect(ofType(a.messages, "subscribed")[0]).toMatchObject({
      seq: null,
      topic: "stream",
      data: { topics: ["quotes"], quotes: ["AAPL:STK"] },
    });
    expect(quotesOf(a.messages, "AAPL:STK")[0]).toMatchObject({
      seq: null,
      topic: "quotes",
      type: "quote.update",
      data: { key: "AAPL:STK", instrument: { symbol: "AAPL", securityType: "STK" }, quote: { bid: 99, ask: 101 } },
    });
    // Another spelling of the same instrument: the same key, the same line, and the current quote at once.
    subscribe(b, { symbol: "aapl", secType: "STK" });
    await b.until((m) => quotesOf(m, "AAPL:STK").length === 1, "B's first quote");
    expect(quotesOf(b.messages, "AAPL:STK")[0]!.data.quote).toMatchObject({ bid: 99, ask: 101 });
    expect(lines()).toBe(1);

    gw!.simulator!.control.setPrices({ symbol: "AAPL", bid: 98, ask: 100, last: 99 });
    await a.until(hasBid("AAPL:STK", 98), "A's update");
    await b.until(hasBid("AAPL:STK", 98), "B's update");
    expect(lines()).toBe(1);

    a.send({ op: "unsubscribe", topic: "quotes", instrument: { symbol: "AAPL" } });
    await a.until((m) => ofType(m, "unsubscribed").length === 1, "unsubscribed");
    expect(ofType(a.messages, "unsubscribed")[0]!.data).toEqual({ topics: [], quotes: [] });
    expect(lines()).toBe(1);
    await b.close();
    await expect.poll(lines).toBe(0);
    expect(gw!.services.quotes.stats()).toEqual({ lines: 0, watchers: 0 });
  });

  it("answers in the order asked, and releases the line of a subscription undone before it was answered", async () => {
    const { ws } = await start();
    const client = await connect(ws);
    // A symbol no other test resolves: its subscription waits for the broker while the next messages arrive.
    subscribe(client, { symbol: "ORCL" });
    client.send({ op: "unsubscribe", topic: "quotes", instrument: { symbol: "ORCL" } });
    client.send({ op: "ping" });
    await client.until((m) => ofType(m, "pong").length === 1, "pong");
    const answers = client.messages.filter((m) => m.topic === "stream").map((m) => [m.type, m.data.quotes]);
    expect(answers).toEqual([
      ["subscribed", ["ORCL:STK"]],
      ["unsubscribed", []],
      ["pong", undefined],
    ]);
    await expect.poll(() => gw!.services.quotes.stats()).toEqual({ lines: 0, watchers: 0 });
    await expect.poll(lines).toBe(0);
  });

  it("re-requests the lines after the broker connection drops and says so, then quotes flow again", async () => {
    const { ws } = await start();
    const client = await connect(ws);
    client.send({ op: "subscribe", topics: ["connection"] });
    subscribe(client, { symbol: "AAPL" });
    await client.until((m) => quotesOf(m, "AAPL:STK").length === 1, "the first quote");
    gw!.simulator!.control.addFault({ kind: "drop-connections" });
    await client.until(
      (m) => ofType(m, "connection.restored").length === 1 && ofType(m, "quotes.resubscribed").length === 1,
      "restored and resubscribed",
    );
    expect(ofType(client.messages, "connection.lost")).toHaveLength(1);
    expect(ofType(client.messages, "quotes.resubscribed")[0]).toMatchObject({
      seq: null,
      topic: "quotes",
      data: { keys: ["AAPL:STK"] },
    });
    gw!.simulator!.control.setPrices({ symbol: "AAPL", bid: 97, ask: 99, last: 98 });
    await client.until(hasBid("AAPL:STK", 97), "a quote after the reconnect");
    expect(lines()).toBe(1);
  });

  it("answers the gateway's own line cap with an error naming it, and keeps the socket open", async () => {
    const { ws } = await start({ STREAM_MAX_QUOTE_LINES: "2" });
    const client = await connect(ws);
    for (const symbol of ["AAPL", "MSFT"]) subscribe(client, { symbol });
    await client.until((m) => ofType(m, "subscribed").length === 2, "two subscriptions");
    subscribe(client, { symbol: "IBM" });
    await client.until((m) => ofType(m, "error").length === 1, "the refusal");
    expect(ofType(client.messages, "error")[0]!.data).toMatchObject({
      code: "MARKET_DATA_LINE_LIMIT",
      key: "IBM:STK",
      message: expect.stringContaining("at most 2 instruments"),
    });
    client.send({ op: "ping" });
    await client.until((m) => ofType(m, "pong").length === 1, "pong");
    expect(lines()).toBe(2);
  });

  it("answers the broker's line limit (IB error 101) with an error naming it", async () => {
    const { ws } = await start({ STREAM_MAX_QUOTE_LINES: "200" });
    const client = await connect(ws);
    // The simulator, like TWS, allows 100 lines per connection.
    const letter = (n: number) => String.fromCharCode(65 + n);
    const symbols = Array.from({ length: 101 }, (_, i) => `L${letter(Math.floor(i / 26))}${letter(i % 26)}`);
    for (const symbol of symbols) subscribe(client, { symbol });
    // The broker takes the request, then refuses the 101st line: the subscription is answered, then ended.
    await client.until(
      (m) => ofType(m, "subscribed").length === 101 && ofType(m, "error").length === 1,
      "every subscription answered and one refused",
      60_000,
    );
    const error = ofType(client.messages, "error")[0]!;
    expect(error.data).toMatchObject({
      code: "MARKET_DATA_LINE_LIMIT",
      message: expect.stringContaining("IB error 101"),
    });
    expect(symbols.map((s) => `${s}:STK`)).toContain(error.data.key);
    expect(lines()).toBe(100);
    expect(gw!.services.quotes.stats().lines).toBe(100);
    client.send({ op: "ping" });
    await client.until((m) => ofType(m, "pong").length === 1, "pong");
  }, 90_000);

  it("refuses a bad instrument and a quotes topic without one, the socket staying open", async () => {
    const { ws } = await start();
    const client = await connect(ws);
    subscribe(client, { symbol: "AAPL", securityType: "NOPE" });
    client.send({ op: "subscribe", topics: ["quotes"] });
    client.send({ op: "ping" });
    await client.until((m) => ofType(m, "pong").length === 1, "pong");
    const errors = ofType(client.messages, "error").map((e) => e.data);
    expect(errors).toEqual([
      { code: "VALIDATION_ERROR", message: expect.stringContaining("instrument.securityType") },
      { code: "VALIDATION_ERROR", message: expect.stringContaining('"topic":"quotes","instrument"') },
    ]);
  });
});

describe("GET /stream pnl and positions", () => {
  it("sends pnl.update of the account", async () => {
    const { ws } = await start();
    const client = await connect(ws);
    client.send({ op: "subscribe", topics: ["pnl"] });
    await client.until((m) => ofType(m, "pnl.update").length >= 1, "a P&L update");
    expect(ofType(client.messages, "subscribed")[0]!.data.topics).toEqual(["pnl"]);
    expect(ofType(client.messages, "pnl.update")[0]).toMatchObject({
      seq: null,
      topic: "pnl",
      data: {
        accountId: "DU1234567",
        daily: expect.any(Number),
        unrealized: expect.any(Number),
        realized: expect.any(Number),
      },
    });
  });

  it("sends a durable position.update after a fill, replayable by resume", async () => {
    const { http, ws } = await start();
    await expect.poll(() => gw!.logs.some((l) => l.includes("Position baseline taken"))).toBe(true);
    const client = await connect(ws);
    client.send({ op: "subscribe", topics: ["positions"] });
    const res = await fetch(`${http}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": KEY },
      body: JSON.stringify(B({ clientOrderId: "pos-1", quantity: 3 })),
    });
    expect(res.status).toBe(200);
    await client.until((m) => ofType(m, "position.update").length === 1, "the position update");
    const update = ofType(client.messages, "position.update")[0]!;
    expect(update).toMatchObject({
      topic: "positions",
      data: { accountId: "DU1234567", symbol: "AAPL", instrument: { symbol: "AAPL", conId: expect.any(Number) } },
    });
    const positions = (await (await fetch(`${http}/account/positions`, { headers: { "x-api-key": KEY } })).json()) as {
      positions: { symbol: string; quantity: number }[];
    };
    expect(update.data.quantity).toBe(positions.positions.find((p) => p.symbol === "AAPL")!.quantity);

    const again = await connect(ws);
    again.send({ op: "subscribe", topics: ["positions"] });
    again.send({ op: "resume", after: 0 });
    await again.until((m) => ofType(m, "position.update").length === 1, "the replayed update");
    expect(ofType(again.messages, "position.update")[0]!.seq).toBe(update.seq);
  });
});
