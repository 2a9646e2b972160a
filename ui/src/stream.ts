// The live feed: a one-use ticket from POST /stream/ticket (the key stays in a header), then WebSocket
// /stream?ticket=…. It subscribes to the durable topics and resumes after the last seq it saw, so a reconnect gets
// every missed event once. Positions and quotes (one subscription per instrument) are asked for as well; a gateway
// that does not serve them answers that subscription with an error, and the dashboard then polls instead.
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
/** Topics of newer gateways; refused (and then simply not used) by older ones. */
const OPTIONAL_TOPICS = ["positions"];

const MAX_RETRY_MS = 10_000;

/** Watchlist bookkeeping key: symbol and expiry (the gateway may spell out defaults such as secType in its echo). */
export const instrumentKey = (spec: SymbolSpec) => `${spec.symbol.toUpperCase()}|${spec.expiry ?? ""}`;

/** What a subscribe or unsubscribe message was for: the server answers each one, in order. */
type Request = "topics" | "optional" | "quote" | "unquote";

export class LiveStream {
  private ws: WebSocket | null = null;
  private lastSeq = 0;
  private retryMs = 500;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly quotes = new Map<string, SymbolSpec>();
  /** Requests sent on the current socket and not answered yet, oldest first. */
  private unanswered: Request[] = [];

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
    this.send("quote", { op: "subscribe", topic: "quotes", instrument: spec });
  }

  unsubscribeQuote(spec: SymbolSpec): void {
    if (this.quotes.delete(instrumentKey(spec))) {
      this.send("unquote", { op: "unsubscribe", topic: "quotes", instrument: spec });
    }
  }

  private send(request: Request | null, message: object): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    if (request !== null) this.unanswered.push(request);
    this.ws.send(JSON.stringify(message));
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
      this.unanswered = [];
      // Every topic first, then resume: a subscription made after the resume would not be replayed.
      this.send("topics", { op: "subscribe", topics: DURABLE_TOPICS });
      this.send("optional", { op: "subscribe", topics: OPTIONAL_TOPICS });
      this.send(null, { op: "resume", after: this.lastSeq });
      for (const spec of this.quotes.values())
        this.send("quote", { op: "subscribe", topic: "quotes", instrument: spec });
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
    // An error naming an instrument `key` is a quote line refused after its subscription was answered: not an answer.
    const lineError = event.type === "error" && typeof event.data["key"] === "string";
    const answer =
      ["subscribed", "unsubscribed", "error"].includes(event.type) && event.topic === "stream" && !lineError;
    const request = answer ? this.unanswered.shift() : undefined;
    if (event.type === "error" && request === "quote") this.handlers.onQuotesUnavailable();
    if (event.type === "error" && request === "optional") return;
    this.handlers.onEvent(event);
  }

  private retry(): void {
    if (this.stopped) return;
    this.handlers.onState("reconnecting");
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
