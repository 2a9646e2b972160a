// The quote feed of `ibkr-mcp` against a WebSocket server that speaks the quotes topic of GET /stream as
// docs/streaming.md describes it (the gateway's own quotes topic is not required here): subscriptions per symbol, the
// current quote not taken for a change, refusals reported per symbol, and subscriptions renewed after a drop.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { createLogger } from "../../src/obs/index.js";
import { createRestQuotes } from "../../src/mcp/rest-quotes.js";

let server: WebSocketServer | undefined;
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const envelope = (type: string, data: Record<string, unknown>) =>
  JSON.stringify({ seq: null, topic: type.startsWith("quote") ? "quotes" : "stream", type, time: "t", data });
const update = (symbol: string, bid: number) =>
  envelope("quote.update", { key: symbol, instrument: { symbol }, quote: { symbol, bid } });

interface Received {
  socket: WebSocket;
  headers: Record<string, string | string[] | undefined>;
  message: { op: string; topic: string; instrument: { symbol: string } };
}

/** A stream endpoint that answers quotes subscriptions with `answer` and records what it received. */
async function startStream(answer: (r: Received) => string[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = new WebSocketServer({ port: 0, host: "127.0.0.1", path: "/stream" });
  server.on("connection", (socket, req) => {
    socket.on("message", (raw) => {
      const r = { socket, headers: req.headers, message: JSON.parse(raw.toString()) as Received["message"] };
      received.push(r);
      for (const reply of answer(r)) socket.send(reply);
    });
  });
  await new Promise((resolve) => server!.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const logger = createLogger({ destination: { write: () => undefined } });

function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe("ibkr-mcp quote feed over GET /stream", () => {
  it("subscribes each symbol with the key, skips the current quote and reports later ones", async () => {
    const stream = await startStream((r) =>
      r.message.op === "subscribe"
        ? [
            envelope("subscribed", { topics: [], quotes: [r.message.instrument.symbol] }),
            update(r.message.instrument.symbol, 1),
          ]
        : [envelope("unsubscribed", { topics: [], quotes: [] })],
    );
    const feed = createRestQuotes({ apiUrl: stream.url, apiKey: "k-123", logger });
    const updates: string[] = [];
    stops.push(feed.watch("aapl", { onUpdate: () => updates.push("AAPL"), onUnavailable: () => updates.push("x") }));
    stops.push(feed.watch("MSFT", { onUpdate: () => updates.push("MSFT"), onUnavailable: () => updates.push("x") }));
    await until(() => stream.received.length === 2, "two subscriptions");
    expect(stream.received.map((r) => r.message)).toEqual([
      { op: "subscribe", topic: "quotes", instrument: { symbol: "AAPL" } },
      { op: "subscribe", topic: "quotes", instrument: { symbol: "MSFT" } },
    ]);
    expect(stream.received[0]!.headers["x-api-key"]).toBe("k-123");
    stream.received[0]!.socket.send(update("MSFT", 2));
    await until(() => updates.length === 1, "an update");
    expect(updates).toEqual(["MSFT"]);
    // The gateway drops the socket: the feed reconnects and subscribes again; that first quote counts as a change.
    stream.received[0]!.socket.terminate();
    await until(() => stream.received.length === 4, "renewed subscriptions");
    await until(() => updates.length === 3, "the quotes after the renewal");
    expect(updates.sort()).toEqual(["AAPL", "MSFT", "MSFT"]);
  });

  it("reports a refused subscription for its symbol only", async () => {
    const stream = await startStream((r) =>
      r.message.instrument.symbol === "NOPE"
        ? [envelope("error", { code: "VALIDATION_ERROR", message: "Unknown topic 'quotes'" })]
        : [envelope("subscribed", { topics: [], quotes: ["AAPL"] })],
    );
    const feed = createRestQuotes({ apiUrl: stream.url, apiKey: null, logger });
    const refused: string[] = [];
    stops.push(feed.watch("AAPL", { onUpdate: () => undefined, onUnavailable: () => refused.push("AAPL") }));
    stops.push(feed.watch("NOPE", { onUpdate: () => undefined, onUnavailable: (m) => refused.push(`NOPE: ${m}`) }));
    await until(() => refused.length === 1, "the refusal");
    expect(refused).toEqual(["NOPE: Unknown topic 'quotes'"]);
  });
});
