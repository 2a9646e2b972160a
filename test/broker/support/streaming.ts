// Helpers of the streaming-quote tests: a subscriber's feed of quotes and errors awaited with timeouts, a harness
// whose first resync is over, a round-trip barrier, and a relay that records the market-data ids the broker sends.
import { EventEmitter } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { expect } from "vitest";
import type { Broker } from "../../../src/broker/index.js";
import type { GatewayError, Quote } from "../../../src/domain/index.js";
import { startHarness, waitFor, type Harness } from "./harness.js";

/** Every quote a subscriber received, and a way to await one that matches (already received or still to come). */
export class Feed {
  readonly quotes: Quote[] = [];
  readonly errors = new EventEmitter<{ error: [GatewayError] }>();
  private readonly arrivals = new EventEmitter<{ quote: [Quote] }>();
  readonly listener = (quote: Quote): void => {
    this.quotes.push(quote);
    this.arrivals.emit("quote", quote);
  };
  readonly onError = (error: GatewayError): void => void this.errors.emit("error", error);

  next(predicate: (quote: Quote) => boolean = () => true, from = 0): Promise<Quote> {
    const seen = this.quotes.slice(from).find(predicate);
    if (seen) return Promise.resolve(seen);
    return waitFor((l: (q: Quote) => void) => {
      this.arrivals.on("quote", l);
      return () => this.arrivals.off("quote", l);
    }, predicate);
  }

  error(): Promise<GatewayError> {
    return waitFor((l: (e: GatewayError) => void) => {
      this.errors.on("error", l);
      return () => this.errors.off("error", l);
    });
  }
}

/**
 * The harness resolves once ready; the first resync (open orders, executions, positions) is still on the wire then,
 * and no reply can have been read yet, so listening now catches its end; the barrier then lets the simulator handle
 * the cancels the resync sent, so the subscription count is stable.
 */
export async function settledHarness(): Promise<Harness> {
  const h = await startHarness();
  await waitFor((l) => h.broker.onResync(l));
  await barrier(h.broker);
  return h;
}

/** Market-data requests and cancels travel in order on one socket: once the time reply is in, they were handled. */
export async function barrier(broker: Broker): Promise<void> {
  expect(await broker.connection.serverTime()).not.toBeNull();
}

/** A market-data request or cancel the broker wrote: REQ_MKT_DATA (1) or CANCEL_MKT_DATA (2), with its ticker id. */
export interface MarketDataWrite {
  kind: "request" | "cancel";
  reqId: number;
}

export interface WireTap {
  port: number;
  writes: MarketDataWrite[];
  close(): Promise<void>;
}

/**
 * A TCP relay between a broker and the simulator that reads the broker's frames (hello, then length-prefixed
 * NUL-separated fields) and records every market-data request and cancel. Closing either side closes the other.
 */
export async function startWireTap(target: { host: string; port: number }): Promise<WireTap> {
  const writes: MarketDataWrite[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    upstream.pipe(client);
    const reader = clientFrames((fields) => {
      const kind = fields[0] === "1" ? "request" : fields[0] === "2" ? "cancel" : null;
      if (kind) writes.push({ kind, reqId: Number(fields[2]) });
    });
    client.on("data", (chunk: Buffer) => {
      reader(chunk);
      upstream.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const close = (): Promise<void> => {
    for (const s of sockets) s.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return { port, writes, close };
}

/** Splits the client's byte stream: `API\0`, a length-prefixed hello, then length-prefixed messages. */
function clientFrames(onMessage: (fields: string[]) => void): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  let helloSeen = false;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const skip = helloSeen ? 0 : 4;
      if (buffer.length < skip + 4) return;
      const end = skip + 4 + buffer.readUInt32BE(skip);
      if (buffer.length < end) return;
      if (helloSeen) onMessage(buffer.toString("latin1", skip + 4, end).split("\0"));
      helloSeen = true;
      buffer = buffer.subarray(end);
    }
  };
}
