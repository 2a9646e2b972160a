// The sending side of one GET /stream client, where its memory is bounded. Ordered messages (durable events,
// answers) are sent as they come while the socket holds less than HIGH_WATER_BYTES unsent (the feed waits above it).
// Live messages (quotes, P&L) are kept as the newest per key and sent at the end of the event-loop turn, and not at
// all while the socket holds LIVE_HIGH_WATER_BYTES unsent: a stale quote is replaced, never queued. Everything one
// turn sends leaves in one socket write. It knows nothing of what the messages mean.
import type { Socket } from "node:net";
import type { WebSocket } from "ws";

/** Bytes the socket may hold unsent before the durable feed waits (its own queue is bounded in events). */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** Bytes unsent above which live messages are kept (the newest per key) until the socket drains. */
export const LIVE_HIGH_WATER_BYTES = 64 * 1024;

/** A JSON text message; a Buffer (UTF-8) can be shared by every client without encoding it again per client. */
export type OutboxMessage = string | Buffer;
const TEXT = { binary: false } as const;

export interface OutboxHooks {
  /** The socket went below HIGH_WATER_BYTES after `backedUp()` said true. */
  drained(): void;
  /** Live messages replaced by a newer one of the same key before they were sent. */
  conflated(count: number): void;
}

export class StreamOutbox {
  private readonly live = new Map<string, OutboxMessage>();
  private readonly tcp: Socket | undefined;
  private corked = false;
  private flushQueued = false;
  private waiting = false;
  private closed = false;
  private readonly afterSend = () => this.onSent();

  constructor(
    private readonly socket: WebSocket,
    private readonly hooks: OutboxHooks,
  ) {
    // ws frames each message with its own writes; corking its TCP socket makes one turn's messages one write.
    this.tcp = (socket as unknown as { _socket?: Socket })._socket;
  }

  /** An ordered message: sent now (never dropped; the caller bounds how much it sends, see `backedUp`). */
  send(json: OutboxMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (!this.corked && this.tcp) {
      this.corked = true;
      this.tcp.cork();
      setImmediate(() => {
        this.corked = false;
        this.tcp?.uncork();
      });
    }
    this.socket.send(json, TEXT, this.afterSend);
  }

  /** A live message: replaces any unsent one of its key, goes out at the end of this turn unless backed up. */
  sendLive(key: string, json: OutboxMessage): void {
    if (this.closed) return;
    const replaced = this.live.delete(key);
    this.live.set(key, json);
    if (replaced) this.hooks.conflated(1);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flushLive();
    });
  }

  /** Drops the unsent live message of `key` (its subscription ended). */
  forget(key: string): void {
    this.live.delete(key);
  }

  /** True while the socket holds HIGH_WATER_BYTES or more unsent; `drained` is called once it is below again. */
  backedUp(): boolean {
    this.waiting = this.socket.bufferedAmount >= HIGH_WATER_BYTES;
    return this.waiting;
  }

  /** Unsent live messages held (at most one per key). */
  get heldLive(): number {
    return this.live.size;
  }

  close(): void {
    this.closed = true;
    this.live.clear();
  }

  private flushLive(): void {
    if (this.closed || this.live.size === 0 || this.socket.readyState !== this.socket.OPEN) return;
    // Backed up: a later write's completion (onSent) flushes; the messages meanwhile stay the newest per key.
    if (this.socket.bufferedAmount >= LIVE_HIGH_WATER_BYTES) return;
    const messages = [...this.live.values()];
    this.live.clear();
    this.tcp?.cork();
    for (const json of messages) this.socket.send(json, TEXT, this.afterSend);
    this.tcp?.uncork();
  }

  private onSent(): void {
    if (this.closed) return;
    if (this.waiting && this.socket.bufferedAmount < HIGH_WATER_BYTES) {
      this.waiting = false;
      this.hooks.drained();
    }
    if (!this.flushQueued && this.live.size > 0) this.flushLive();
  }
}
