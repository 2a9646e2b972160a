// Which gateway stream events change which MCP resources, and the per-server subscription book that turns them into
// `notifications/resources/updated`, at most one per resource every NOTIFY_INTERVAL_MS (later changes inside the
// interval are folded into one trailing notification). It reads no resource and opens no stream itself: the
// server hands it the events of a ChangeFeed and polls quotes through the backend.
import { orderUri, parseResourceUri, quoteUri } from "./resources.js";

/** The envelope of the gateway's event streams (docs/streaming.md), as far as this file reads it. */
export interface ChangeEvent {
  readonly topic: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A source of gateway events: in-process the EventHub, in `ibkr-mcp` the gateway's GET /events. */
export interface ChangeFeed {
  /** Delivers events from now on until the returned function is called. */
  watch(listener: (event: ChangeEvent) => void): () => void;
}

export const NOTIFY_INTERVAL_MS = 250;

const ACCOUNT = ["ibkr://account/summary", "ibkr://account/positions", "ibkr://account/pnl"];

/** The resource URIs an event may have changed. */
export function urisChangedBy(event: ChangeEvent): string[] {
  const orderId = typeof event.data["orderId"] === "string" ? event.data["orderId"] : null;
  const order = orderId === null ? [] : [orderUri(orderId)];
  switch (event.type) {
    case "order.status":
      return ["ibkr://orders/open", ...order];
    case "order.fill":
      return ["ibkr://orders/open", ...order, ...ACCOUNT];
    case "position.update":
      return ACCOUNT;
    case "pnl.update":
      return ["ibkr://account/pnl"];
    case "kill-switch.changed":
    case "connection.lost":
    case "connection.restored":
      return ["ibkr://trading-status"];
    case "quote.update": {
      const instrument = event.data["instrument"] as { symbol?: unknown } | undefined;
      return typeof instrument?.symbol === "string" ? [quoteUri(instrument.symbol)] : [];
    }
    default:
      return [];
  }
}

/** The subscribed URIs of one MCP server and the throttle in front of its notifications. */
export class SubscriptionBook {
  private readonly uris = new Set<string>();
  private readonly lastSentAt = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly notify: (uri: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(uri: string): void {
    this.uris.add(uri);
  }

  remove(uri: string): void {
    this.uris.delete(uri);
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
  }

  get size(): number {
    return this.uris.size;
  }

  /** Subscribed quote symbols (for polling). */
  quoteSymbols(): string[] {
    const symbols: string[] = [];
    for (const uri of this.uris) {
      const ref = parseResourceUri(uri);
      if (ref?.kind === "quote") symbols.push(ref.symbol);
    }
    return symbols;
  }

  onEvent(event: ChangeEvent): void {
    // Events were lost (retention passed the resume point): anything may have changed.
    const uris = event.type === "stream.gap" ? [...this.uris] : urisChangedBy(event);
    for (const uri of uris) this.changed(uri);
  }

  /** `uri` changed: notify now, or once at the end of the current interval. */
  changed(uri: string): void {
    if (!this.uris.has(uri) || this.pending.has(uri)) return;
    const wait = (this.lastSentAt.get(uri) ?? -Infinity) + NOTIFY_INTERVAL_MS - this.now();
    if (wait <= 0) return this.send(uri);
    const timer = setTimeout(() => {
      this.pending.delete(uri);
      if (this.uris.has(uri)) this.send(uri);
    }, wait);
    timer.unref();
    this.pending.set(uri, timer);
  }

  clear(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.uris.clear();
  }

  private send(uri: string): void {
    this.lastSentAt.set(uri, this.now());
    this.notify(uri);
  }
}
