// One TCP connection of the simulator: hello and version negotiation, framing, request decoding, ordered (optionally
// delayed) writes, and teardown that releases every subscription and timer. What a request means is decided by the
// host's dispatch; this file only guards the byte stream and the connection's lifecycle.

import type { Socket } from "node:net";
import {
  FrameSplitter,
  decodeRequest,
  encodeMessage,
  encodeServerHello,
  formatConnectionTime,
  negotiateVersion,
  SERVER_VERSION_MIN,
  parseHello,
  type ClientRequest,
  type ServerMessage,
} from "../codec/index.js";
import { Subscriptions, Timers } from "./resources.js";

/** A client that stops reading must not make us buffer without bound. */
const MAX_UNSENT_BYTES = 32 * 1024 * 1024;
/** After we end a socket, a peer that never closes its side is cut off after this. */
const CLOSE_GRACE_MS = 1_000;

export interface ConnectionHost {
  readonly maxServerVersion: number;
  now(): number;
  log(line: string): void;
  delayMs(): number;
  /** Claims the client id; false when another connection holds it. */
  claimClientId(connection: Connection, clientId: number): boolean;
  /** Sends the connect sequence (accounts, next id, farm notices). */
  onReady(connection: Connection): void;
  dispatch(connection: Connection, request: ClientRequest): void;
  onClosed(connection: Connection): void;
  /** The client sent more than MAX_MESSAGES_PER_SECOND messages within one second (error 100 was sent). */
  onRateExceeded(connection: Connection): void;
}

/** IB's limit on messages from one client. */
export const MAX_MESSAGES_PER_SECOND = 50;
const RATE_WINDOW_MS = 1000;

type Phase = "hello" | "start-api" | "ready" | "closed";

export class Connection {
  serverVersion = 0;
  clientId = -1;
  /** Set by REQ_MARKET_DATA_TYPE; applies to later REQ_MKT_DATA. */
  marketDataType = 1;
  readonly subscriptions = new Subscriptions();
  readonly timers = new Timers();
  private phase: Phase = "hello";
  private graceTimer: NodeJS.Timeout | undefined;
  private helloBytes = Buffer.alloc(0);
  private corked = false;
  /** Arrival times of the messages of the last second, oldest first. */
  private readonly arrivals: number[] = [];
  private readonly splitter = new FrameSplitter();

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      // A client that simply goes away (a CLI command ending, a killed process) often resets the connection rather
      // than closing it: that is a disconnect, not a fault, and is reported as one when the socket closes.
      if (err.code !== "ECONNRESET" && err.code !== "EPIPE")
        this.host.log(`connection ${id}: socket error: ${err.message}`);
    });
    socket.on("close", () => {
      clearTimeout(this.graceTimer);
      if (this.phase !== "closed") this.host.log(`connection ${id}: client disconnected`);
      this.release();
    });
  }

  /** Encodes and writes a message, after the `delay-ms` fault's delay if one is active. */
  send(message: ServerMessage): void {
    if (this.phase === "closed") return;
    let frame: Buffer;
    try {
      frame = encodeMessage(message, this.serverVersion);
    } catch (err) {
      // Pushes run from market and engine callbacks (timers included): a bad message must cost this connection only.
      this.host.log(
        `connection ${this.id}: cannot encode ${message.type}: ${err instanceof Error ? err.message : String(err)}`,
      );
      this.destroy();
      return;
    }
    const delay = this.host.delayMs();
    if (delay > 0) this.timers.after(delay, () => this.write(frame));
    else this.write(frame);
  }

  error(id: number, code: number, message: string): void {
    this.send({ type: "error", id, code, message });
  }

  /** Sends what is queued, then closes; pending subscriptions and timers are released at once. */
  close(reason: string): void {
    if (this.phase === "closed") return;
    this.host.log(`connection ${this.id}: closing (${reason})`);
    this.release();
    this.socket.end();
    this.graceTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
  }

  /** Drops the socket at once (fault injection, shutdown, protocol violations); what was written before still goes. */
  destroy(): void {
    this.release();
    this.flush();
    this.socket.destroy();
  }

  private flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  }

  private write(frame: Buffer): void {
    if (this.phase === "closed" || this.socket.destroyed) return;
    if (this.socket.writableLength > MAX_UNSENT_BYTES) {
      this.host.log(`connection ${this.id}: client is not reading; dropping it`);
      this.destroy();
      return;
    }
    if (!this.corked) {
      // Everything written in one turn of the event loop (a snapshot's ticks, a fill's reports) leaves in one
      // segment: fewer syscalls here and fewer wake-ups for the client.
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => this.flush());
    }
    this.socket.write(frame);
  }

  private receive(chunk: Buffer): void {
    try {
      if (this.phase === "hello") this.receiveHello(chunk);
      else if (this.phase !== "closed") this.receiveFrames(chunk);
    } catch (err) {
      // A broken frame cannot be resynchronised, and a bug in one request must not take the process down.
      this.host.log(`connection ${this.id}: ${err instanceof Error ? err.message : String(err)}; dropping it`);
      this.destroy();
    }
  }

  private receiveHello(chunk: Buffer): void {
    this.helloBytes = Buffer.concat([this.helloBytes, chunk]);
    const parsed = parseHello(this.helloBytes);
    if (parsed.status === "incomplete") return;
    if (parsed.status === "invalid") throw new Error(`bad hello: ${parsed.reason}`);
    const { minVersion, maxVersion } = parsed.hello;
    const version = negotiateVersion(minVersion, maxVersion, this.host.maxServerVersion);
    if (version === undefined) {
      const served = `v${SERVER_VERSION_MIN}..${this.host.maxServerVersion}`;
      throw new Error(`client announced v${minVersion}..${maxVersion}, but this simulator serves ${served} only`);
    }
    this.serverVersion = version;
    this.phase = "start-api";
    this.write(encodeServerHello(version, formatConnectionTime(this.host.now())));
    const rest = this.helloBytes.subarray(parsed.consumed);
    this.helloBytes = Buffer.alloc(0);
    if (rest.length > 0) this.receiveFrames(rest);
  }

  private receiveFrames(chunk: Buffer): void {
    for (const payload of this.splitter.push(chunk)) {
      if (this.phase === "closed") return;
      if (this.phase === "ready") this.countArrival();
      const decoded = decodeRequest(payload, this.serverVersion);
      if (decoded.kind === "request" && decoded.unreadFields > 0) {
        this.host.log(`connection ${this.id}: message ${decoded.messageId} had ${decoded.unreadFields} unread fields`);
      }
      if (this.phase === "start-api") this.startApi(decoded);
      else if (decoded.kind === "request") this.host.dispatch(this, decoded.request);
      else if (decoded.kind === "unsupported") {
        this.host.log(`connection ${this.id}: unsupported request ${decoded.messageId}`);
        this.error(decoded.reqId, 321, "Error validating request.-Unsupported request in simulator");
      } else {
        this.host.log(`connection ${this.id}: malformed message ${decoded.messageId}: ${decoded.reason}`);
        this.error(decoded.reqId, 320, `Error reading request.-${decoded.reason}`);
      }
    }
  }

  /** IB answers a client that sends too fast with error 100; the request is still served, as TWS does. */
  private countArrival(): void {
    const now = this.host.now();
    this.arrivals.push(now);
    while ((this.arrivals[0] ?? now) <= now - RATE_WINDOW_MS) this.arrivals.shift();
    if (this.arrivals.length <= MAX_MESSAGES_PER_SECOND) return;
    this.error(-1, 100, "Max rate of messages per second has been exceeded.");
    this.host.onRateExceeded(this);
  }

  private startApi(decoded: ReturnType<typeof decodeRequest>): void {
    if (decoded.kind !== "request" || decoded.request.type !== "startApi") {
      throw new Error(`expected START_API, got message ${decoded.messageId}`);
    }
    if (!this.host.claimClientId(this, decoded.request.clientId)) {
      this.write(encodeMessage(DUPLICATE_CLIENT_ID, this.serverVersion));
      this.close(`client id ${decoded.request.clientId} already in use`);
      return;
    }
    this.clientId = decoded.request.clientId;
    this.phase = "ready";
    this.host.onReady(this);
  }

  private release(): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    this.subscriptions.disposeAll();
    this.timers.clearAll();
    this.host.onClosed(this);
  }
}

const DUPLICATE_CLIENT_ID: ServerMessage = {
  type: "error",
  id: -1,
  code: 326,
  message: "Unable to connect as the client id is already in use. Retry with a unique client id.",
};
