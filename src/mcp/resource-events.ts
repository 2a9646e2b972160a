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

/** The one spelling of a resource URI: `ibkr://quotes/aapl` and `ibkr://quotes/AAPL` are the same resource. */
export function canonicalUri(uri: string): string {
  const ref = parseResourceUri(uri);
  if (ref?.kind === "quote") return quoteUri(ref.symbol);
  if (ref?.kind === "order") return orderUri(ref.orderId);
  return uri;
}

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
  /** Canonical URI (upper-case symbol, encoded order id) → the URI as subscribed, which notifications carry. */
  private readonly uris = new Map<string, string>();
  private readonly lastSentAt = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly notify: (uri: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(uri: string): void {
    this.uris.set(canonicalUri(uri), uri);
  }

  remove(uri: string): void {
    const key = canonicalUri(uri);
    this.uris.delete(key);
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  get size(): number {
    return this.uris.size;
  }

  onEvent(event: ChangeEvent): void {
    // Events were lost (retention passed the resume point): anything may have changed.
    const uris = event.type === "stream.gap" ? [...this.uris.keys()] : urisChangedBy(event);
    for (const uri of uris) this.changed(uri);
  }

  /** `uri` changed: notify now, or once at the end of the current interval. */
  changed(uri: string): void {
    const key = canonicalUri(uri);
    if (!this.uris.has(key) || this.pending.has(key)) return;
    const wait = (this.lastSentAt.get(key) ?? -Infinity) + NOTIFY_INTERVAL_MS - this.now();
    if (wait <= 0) return this.send(key);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      if (this.uris.has(key)) this.send(key);
    }, wait);
    timer.unref();
    this.pending.set(key, timer);
  }

  clear(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.uris.clear();
  }

  private send(key: string): void {
    const uri = this.uris.get(key);
    if (uri === undefined) return;
    this.lastSentAt.set(key, this.now());
    this.notify(uri);
  }
}
