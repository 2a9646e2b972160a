// The store's LISTEN connection: one dedicated client (outside the pool) subscribed to the store's NOTIFY channels.
// When it breaks it reconnects with a growing delay, and after each reconnect tells its owner, since notifications
// sent while it was away are lost. It never throws into the process: failures are reported and retried.
import pg from "pg";
import { clientConfig } from "./connection.js";

const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 5_000;
/** A connection that went silent (no RST: a dropped network) is found by a ping at this interval, which fails
 *  after the client's query timeout. */
const PING_EVERY_MS = 10_000;

export interface ListenerHandlers {
  onNotification(channel: string, payload: string): void;
  /** The connection is back after a loss: state may have changed meanwhile. */
  onReconnect(): void;
  onError(error: Error): void;
}

export class NotificationListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;
  private everConnected = false;
  private ping: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channels: readonly string[],
    private readonly handlers: ListenerHandlers,
  ) {}

  /** Connects once; on failure keeps retrying in the background and resolves anyway. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(clientConfig(this.url));
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      if (error !== undefined) this.handlers.onError(error);
      if (this.client === client) {
        this.client = undefined;
        this.stopPing();
      }
      client.removeAllListeners("notification");
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (message) => this.handlers.onNotification(message.channel, message.payload ?? ""));
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    this.startPing(client, onLost);
    if (this.everConnected) this.handlers.onReconnect();
    this.everConnected = true;
  }

  private startPing(client: pg.Client, onLost: (error?: Error) => void): void {
    this.stopPing();
    this.ping = setInterval(() => {
      client.query("SELECT 1").catch((error: unknown) => {
        onLost(error instanceof Error ? error : new Error(String(error)));
      });
    }, PING_EVERY_MS);
    this.ping.unref();
  }

  private stopPing(): void {
    if (this.ping !== undefined) clearInterval(this.ping);
    this.ping = undefined;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer !== undefined) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopPing();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
    }
  }
}
