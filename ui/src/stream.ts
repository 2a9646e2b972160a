// The live feed: a one-use ticket from POST /stream/ticket (the key stays in a header), then WebSocket
// /stream?ticket=…. It subscribes to the durable topics and resumes after the last seq it saw, so a reconnect gets
// every missed event once. Quotes are subscribed per instrument (topic "quotes"); a gateway without that topic
// answers the subscription with an error, and the caller is told to fall back to polling.
import type { Api } from "./api";
import type { Envelope, SymbolSpec } from "./models";

export type StreamState = "connecting" | "live" | "reconnecting" | "stopped";

export interface StreamHandlers {
  onEvent(event: Envelope): void;
  onState(state: StreamState): void;
  /** The gateway refused a quotes subscription (no quotes topic): quotes must be polled. */
  onQuotesUnavailable(): void;
}

export const DURABLE_TOPICS = ["orders", "fills", "connection", "trading-status"];

const MAX_RETRY_MS = 10_000;

/** Watchlist bookkeeping key: symbol and expiry (the gateway may spell out defaults such as secType in its echo). */
export const instrumentKey = (spec: SymbolSpec) => `${spec.symbol.toUpperCase()}|${spec.expiry ?? ""}`;

export class LiveStream {
  private ws: WebSocket | null = null;
  private lastSeq = 0;
  private retryMs = 500;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly quotes = new Map<string, SymbolSpec>();
  /** Quote subscriptions sent and not yet answered: an error answer means the topic is not served. */
  private pendingQuotes = 0;

  constructor(
    private readonly api: Api,
    private readonly handlers: StreamHandlers,
  ) {}

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close(1000, "dashboard closed");
    this.ws = null;
    this.handlers.onState("stopped");
  }

  subscribeQuote(spec: SymbolSpec): void {
    this.quotes.set(instrumentKey(spec), spec);
    this.sendQuote("subscribe", spec);
  }

  unsubscribeQuote(spec: SymbolSpec): void {
    if (this.quotes.delete(instrumentKey(spec))) this.sendQuote("unsubscribe", spec);
  }

  private sendQuote(op: "subscribe" | "unsubscribe", instrument: SymbolSpec): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    if (op === "subscribe") this.pendingQuotes++;
    this.ws.send(JSON.stringify({ op, topic: "quotes", instrument }));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.handlers.onState(this.lastSeq === 0 && this.retryMs === 500 ? "connecting" : "reconnecting");
    let ticket: string;
    try {
      ({ ticket } = await this.api.post<{ ticket: string }>("/stream/ticket"));
    } catch {
      return this.retry();
    }
    if (this.stopped) return;
    const url = new URL(`/stream?ticket=${encodeURIComponent(ticket)}`, location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 500;
      this.pendingQuotes = 0;
      ws.send(JSON.stringify({ op: "subscribe", topics: DURABLE_TOPICS }));
      ws.send(JSON.stringify({ op: "resume", after: this.lastSeq }));
      for (const spec of this.quotes.values()) this.sendQuote("subscribe", spec);
      this.handlers.onState("live");
    };
    ws.onmessage = (message) => this.receive(JSON.parse(String(message.data)) as Envelope);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.retry();
    };
  }

  private receive(event: Envelope): void {
    if (typeof event.seq === "number") {
      if (event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
    }
    if (event.topic === "stream" && this.pendingQuotes > 0) {
      const data = event.data as { quotes?: unknown };
      if (event.type === "error") {
        this.pendingQuotes = 0;
        this.handlers.onQuotesUnavailable();
        return;
      }
      if (event.type === "subscribed" && Array.isArray(data.quotes)) this.pendingQuotes--;
    }
    this.handlers.onEvent(event);
  }

  private retry(): void {
    if (this.stopped) return;
    this.handlers.onState("reconnecting");
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
