// Quote changes for `ibkr-mcp`: one WebSocket to the gateway's GET /stream, open while a quote resource is
// subscribed, with a quotes subscription per symbol (docs/streaming.md). Each answer of the gateway (`subscribed`,
// `unsubscribed` or `error`) belongs to the oldest op still waiting, so a refused subscription — a gateway without
// the quotes topic — is reported for its symbol and the caller falls back to reading the quote itself.
import WebSocket from "ws";
import type { McpConfig } from "../config/index.js";
import type { Logger } from "../obs/index.js";

export interface QuoteWatch {
  /** A new quote arrived (not the current quote sent right after the first subscription). */
  onUpdate(): void;
  /** The gateway refused the subscription; no update will come. */
  onUnavailable(reason: string): void;
}

export interface QuoteFeed {
  /** Follows one stock symbol's quotes until the returned function is called. */
  watch(symbol: string, watch: QuoteWatch): () => void;
}

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

interface Followed {
  readonly watch: QuoteWatch;
  /** The first quote after the first subscription is the current one, not a change. */
  initial: boolean;
  refused: boolean;
}

export function createRestQuotes(options: Pick<McpConfig, "apiUrl" | "apiKey"> & { logger: Logger }): QuoteFeed {
  const followed = new Map<string, Followed>();
  /** Symbols of the subscribe/unsubscribe ops sent and not answered yet, oldest first. */
  let waiting: { op: "subscribe" | "unsubscribe"; symbol: string }[] = [];
  let socket: WebSocket | null = null;
  let failures = 0;
  const { logger } = options;

  const send = (ws: WebSocket, op: "subscribe" | "unsubscribe", symbol: string) => {
    waiting.push({ op, symbol });
    ws.send(JSON.stringify({ op, topic: "quotes", instrument: { symbol } }));
  };
  const onMessage = (text: string) => {
    let envelope: { type?: unknown; data?: Record<string, unknown> };
    try {
      envelope = JSON.parse(text) as typeof envelope;
    } catch {
      return;
    }
    const data = envelope.data ?? {};
    if (envelope.type === "quote.update") {
      const symbol = String((data["instrument"] as { symbol?: unknown } | undefined)?.symbol ?? "").toUpperCase();
      const entry = followed.get(symbol);
      if (entry === undefined) return;
      if (entry.initial) entry.initial = false;
      else entry.watch.onUpdate();
      return;
    }
    if (envelope.type !== "subscribed" && envelope.type !== "unsubscribed" && envelope.type !== "error") return;
    const answered = waiting.shift();
    if (envelope.type !== "error" || answered?.op !== "subscribe") return;
    const entry = followed.get(answered.symbol);
    if (entry === undefined || entry.refused) return;
    entry.refused = true;
    entry.watch.onUnavailable(String(data["message"] ?? "refused"));
  };
  const connect = (): WebSocket => {
    const url = `${options.apiUrl.replace(/^http/, "ws")}/stream`;
    const ws = new WebSocket(url, { headers: options.apiKey === null ? {} : { "X-API-Key": options.apiKey } });
    ws.on("open", () => {
      failures = 0;
      waiting = [];
      for (const [symbol, entry] of followed) if (!entry.refused) send(ws, "subscribe", symbol);
    });
    ws.on("message", (raw: WebSocket.RawData) => onMessage(raw.toString()));
    ws.on("error", (error: Error) => logger.debug("Gateway quote stream error", { error: error.message }));
    ws.on("close", (code: number, reason: Buffer) => {
      if (socket !== ws) return;
      const retryInMs = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
      failures += 1;
      logger.warning("Gateway quote stream closed", { code, reason: reason.toString(), retry_in_ms: retryInMs });
      setTimeout(() => {
        if (socket === ws && followed.size > 0) socket = connect();
      }, retryInMs).unref();
    });
    return ws;
  };

  return {
    watch(rawSymbol, watch) {
      const symbol = rawSymbol.toUpperCase();
      const entry: Followed = { watch, initial: true, refused: false };
      followed.set(symbol, entry);
      if (socket === null) socket = connect();
      else if (socket.readyState === WebSocket.OPEN) send(socket, "subscribe", symbol);
      return () => {
        if (followed.get(symbol) !== entry) return;
        followed.delete(symbol);
        const ws = socket;
        if (followed.size === 0) {
          socket = null;
          ws?.close();
        } else if (ws?.readyState === WebSocket.OPEN && !entry.refused) send(ws, "unsubscribe", symbol);
      };
    },
  };
}
