// `watch quotes`: the WebSocket GET /stream with a quotes subscription per instrument (docs/streaming.md) and the
// connection topic for gaps. Quotes are not durable: after a reconnect the instruments are subscribed again (the
// first message is the current quote) and the connection topic resumes after its last seq.
import WebSocket from "ws";
import type { GatewayEnvelope } from "../../mcp/index.js";
import { gapNotice } from "./orders.js";
import { watchEnvelope } from "./output.js";
import type { WatchSession } from "./session.js";

/** An instrument as given on the command line: `AAPL`, or `ES:FUT:202703` (symbol, security type, expiry). */
export interface QuoteInstrument {
  readonly symbol: string;
  readonly securityType?: string;
  readonly expiry?: string;
}

const SECURITY_TYPES = new Set(["STK", "FUT", "OPT", "CASH", "IND", "CFD", "BOND", "FUND", "CRYPTO"]);

/** Parses `SYMBOL[:SECTYPE[:EXPIRY]]`; null when it is not one. */
export function parseInstrument(text: string): QuoteInstrument | null {
  const [symbol, securityType, expiry, ...rest] = text.trim().split(":");
  if (rest.length > 0 || symbol === undefined || !/^[A-Za-z0-9.\-/ ]{1,32}$/.test(symbol)) return null;
  const type = securityType?.toUpperCase();
  if (type !== undefined && !SECURITY_TYPES.has(type)) return null;
  if (expiry !== undefined && !/^\d{6}(\d{2})?$/.test(expiry)) return null;
  return {
    symbol: symbol.toUpperCase(),
    ...(type === undefined ? {} : { securityType: type }),
    ...(expiry === undefined ? {} : { expiry }),
  };
}

const HEADER = ["INSTRUMENT", "BID", "ASK", "LAST", "BID SIZE", "ASK SIZE", "VOLUME", "SOURCE", "TIME"];
const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

export function watchQuotes(session: WatchSession, instruments: readonly QuoteInstrument[]): void {
  const quotes = new Map<string, Record<string, unknown>>();
  for (const i of instruments) quotes.set(labelOf(i), {});
  let lastSeq: number | null = null;
  let quotesServed = false;
  let failures = 0;
  let socket: WebSocket | null = null;
  let stopped = false;
  const redraw = () =>
    session.out.rows(
      HEADER,
      [...quotes.entries()].map(([label, q]) => [
        label,
        q["bid"],
        q["ask"],
        q["last"],
        q["bidSize"],
        q["askSize"],
        q["volume"],
        q["source"],
        typeof q["timestamp"] === "string" ? q["timestamp"].slice(11, 19) : null,
      ]),
    );
  const onEnvelope = (e: GatewayEnvelope) => {
    if (e.seq !== null) lastSeq = e.seq;
    session.out.envelope(e);
    if (e.type === "subscribed" && Array.isArray(e.data["quotes"])) quotesServed = true;
    if (e.type === "quote.update") {
      const instrument = (e.data["instrument"] ?? {}) as QuoteInstrument;
      quotes.set(labelOf(instrument), (e.data["quote"] ?? {}) as Record<string, unknown>);
      redraw();
      return;
    }
    if (e.type === "quotes.resubscribed") session.out.notice("quotes resubscribed after the broker reconnected");
    if (e.type === "error" && !quotesServed) {
      session.fatal(`The gateway did not accept the quotes subscription: ${String(e.data["message"])}`);
      return;
    }
    const notice = gapNotice(e);
    if (notice !== null) session.out.notice(notice);
  };
  const connect = () => {
    const url = `${session.apiUrl.replace(/^http/, "ws")}/stream`;
    const ws = new WebSocket(url, { headers: session.apiKey === null ? {} : { "X-API-Key": session.apiKey } });
    socket = ws;
    ws.on("open", () => {
      failures = 0;
      session.out.envelope(watchEnvelope("watch.connected", { url: session.apiUrl, resumedAfter: lastSeq }));
      session.out.status("connected");
      ws.send(JSON.stringify({ op: "subscribe", topics: ["connection"] }));
      if (lastSeq !== null) ws.send(JSON.stringify({ op: "resume", after: lastSeq }));
      for (const instrument of instruments) ws.send(JSON.stringify({ op: "subscribe", topic: "quotes", instrument }));
    });
    ws.on("message", (raw: WebSocket.RawData) => {
      try {
        onEnvelope(JSON.parse(raw.toString()) as GatewayEnvelope);
      } catch {
        session.out.notice("a message from the gateway was not JSON");
      }
    });
    ws.on("unexpected-response", (_req, res) => {
      const status = res.statusCode ?? 0;
      if (status === 401 || status === 403) session.fatal(`GET /stream answered HTTP ${status}: check the API key`);
      else ws.emit("error", new Error(`GET /stream answered HTTP ${status}`));
      res.resume();
    });
    ws.on("error", () => undefined);
    ws.on("close", (code: number, reason: Buffer) => {
      if (stopped) return;
      const why = reason.length > 0 ? reason.toString() : `socket closed (${code})`;
      const retryInMs = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
      failures += 1;
      session.out.envelope(watchEnvelope("watch.disconnected", { reason: why, retryInMs }));
      session.out.status(`⚠ gateway link down: ${why}; retrying in ${retryInMs / 1000} s`);
      session.out.notice(`gateway link lost: ${why}`);
      setTimeout(connect, retryInMs);
    });
  };
  redraw();
  connect();
  session.onStop(() => {
    stopped = true;
    socket?.close();
  });
}

/** `ES:FUT:202703`; a stock is its symbol alone, however it was spelled. */
function labelOf(i: QuoteInstrument): string {
  const type = i.securityType === "STK" ? undefined : i.securityType;
  return [i.symbol, type, i.expiry ?? undefined].filter((part) => part !== undefined && part !== null).join(":");
}
