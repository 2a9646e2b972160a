// The simulator's TCP listener: accepts sockets, owns the connection registry (one live connection per client id),
// routes engine events to owners and runs requests through the dispatch table. Protocol details live in
// connection.ts and the handlers; this file knows sockets and bookkeeping only.

import { createServer, type Server, type Socket } from "node:net";
import type { ClientRequest } from "../codec/index.js";
import { Connection, MAX_MESSAGES_PER_SECOND, type ConnectionHost } from "./connection.js";
import type { SimContext } from "./context.js";
import { dispatch } from "./dispatch.js";
import { sendConnectSequence } from "./handlers/session.js";
import { routeEngineEvents } from "./order-events.js";

export interface SimStats {
  /** Open TCP sockets, including ones still in the handshake. */
  sockets: number;
  /** Connections past START_API. */
  sessions: number;
  /** Market-data lines, account streams, PnL streams … over all connections. */
  subscriptions: number;
  /** Streaming market-data lines (REQ_MKT_DATA not snapshot, not cancelled) over all connections. */
  marketDataLines: number;
  /** Pending per-connection timers (throttles, delayed replies). */
  timers: number;
  /** Error 100 (client over IB's 50 messages per second) sent since the simulator started, over all connections. */
  messageRateErrors: number;
}

export class SimServer implements ConnectionHost {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly live = new Set<Connection>();
  private messageRateErrors = 0;
  private readonly byClientId = new Map<number, Connection>();
  private readonly stopRouting: () => void;
  private nextConnectionId = 1;
  private address: { host: string; port: number } | undefined;
  /** Set while a nightly restart keeps the port closed: ends it early. */
  private endRestart: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: SimContext,
    readonly maxServerVersion: number,
  ) {
    this.server = createServer((socket) => this.accept(socket));
    this.stopRouting = routeEngineEvents(ctx, (clientId) => this.byClientId.get(clientId));
  }

  /** Listens and resolves with the bound port; a busy port rejects with `Port <p> is already in use`. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(err.code === "EADDRINUSE" ? new Error(`Port ${port} is already in use`, { cause: err }) : err);
      };
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        const address = this.server.address();
        const bound = typeof address === "object" && address ? address.port : port;
        this.address = { host, port: bound };
        resolve(bound);
      });
    });
  }

  now(): number {
    return this.ctx.clock.now();
  }

  log(line: string): void {
    this.ctx.log(line);
  }

  delayMs(): number {
    return this.ctx.faults.delayMs();
  }

  claimClientId(connection: Connection, clientId: number): boolean {
    if (this.byClientId.has(clientId)) return false;
    this.byClientId.set(clientId, connection);
    return true;
  }

  onReady(connection: Connection): void {
    this.live.add(connection);
    this.ctx.log(
      `connection ${connection.id}: client ${connection.clientId} ready at server version ${connection.serverVersion}`,
    );
    sendConnectSequence(connection, this.ctx);
  }

  dispatch(connection: Connection, request: ClientRequest): void {
    dispatch(connection, request, this.ctx);
  }

  onRateExceeded(connection: Connection): void {
    this.messageRateErrors += 1;
    this.log(
      `connection ${connection.id}: client ${connection.clientId} exceeded ${MAX_MESSAGES_PER_SECOND} messages/s`,
    );
  }

  onClosed(connection: Connection): void {
    this.live.delete(connection);
    if (this.byClientId.get(connection.clientId) === connection) this.byClientId.delete(connection.clientId);
  }

  /** Connections past START_API. */
  connections(): Connection[] {
    return [...this.live];
  }

  /** Drops every client socket at once (the `drop-connections` fault). */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * A nightly restart: every socket dropped and the port closed (clients get "connection refused") for `seconds`,
   * then listening again on the same port; `onBack` runs once it listens. False when a restart is already under way.
   */
  restart(seconds: number, onBack: () => void): boolean {
    const address = this.address;
    if (this.endRestart !== undefined || address === undefined) return false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dropAll();
    const waited = new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), seconds * 1000);
      this.endRestart = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    void Promise.all([closed, waited]).then(() => {
      this.endRestart = undefined;
      if (this.stopped) return;
      this.server.once("error", (err) => this.ctx.log(`nightly restart: cannot listen again: ${err.message}`));
      this.server.listen(address.port, address.host, () => {
        this.ctx.log(`nightly restart over: listening on ${address.host}:${address.port} again`);
        onBack();
      });
    });
    return true;
  }

  /** Ends a nightly restart now (the `clear` fault); nothing when none is under way. */
  comeBack(): void {
    this.endRestart?.();
  }

  stats(): SimStats {
    const sum = (f: (c: Connection) => number) => [...this.live].reduce((n, c) => n + f(c), 0);
    return {
      sockets: this.sockets.size,
      sessions: this.live.size,
      subscriptions: sum((c) => c.subscriptions.size),
      marketDataLines: sum((c) => c.subscriptions.keys("mkt:").length),
      timers: sum((c) => c.timers.size),
      messageRateErrors: this.messageRateErrors,
    };
  }

  /** Closes the listener and every socket; resolves once the listener is closed. */
  close(): Promise<void> {
    this.stopped = true;
    this.endRestart?.();
    this.stopRouting();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dropAll();
    return closed;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    new Connection(this.nextConnectionId++, socket, this);
  }
}
