// One WebSocket client of GET /stream: its messages (subscribe, unsubscribe, resume, ping) drive a durable event
// feed, its quote subscriptions and its P&L listener; every answer is an envelope {seq, topic, type, time, data}. A
// bad message gets an `error` envelope and the socket stays open. What it sends goes through the client's outbox
// (stream-outbox.ts), which bounds its memory; a client too far behind on durable events is closed with code 4008
// and the seq to resume after.
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { GatewayError } from "../domain/index.js";
import {
  controlEnvelope,
  EventFeed,
  instrumentKey,
  type GatewayServices,
  type QuoteWatcher,
  type StreamEnvelope,
} from "../operations/index.js";
import { StreamOutbox, type OutboxMessage } from "./stream-outbox.js";
import { parseClientMessage, type ClientOp } from "./stream-messages.js";

export const TOO_SLOW_CLOSE_CODE = 4008;

export function handleStreamSocket(
  services: GatewayServices,
  socket: WebSocket,
  req: FastifyRequest,
  /** Called once when the socket closes (counts and logs the connection). */
  ended: () => void,
): void {
  const { metrics } = services;
  const now = () => services.clock.now();
  let closed = false;
  /** Quote keys whose `subscribed` answer went out: only their quotes are sent. */
  const quoteKeys = new Set<string>();
  let stopPnl: (() => void) | null = null;
  const outbox = new StreamOutbox(socket, {
    drained: () => feed.pump(),
    conflated: (count) => metrics.inc("stream_live_conflated_total", {}, count),
  });
  const send = (envelope: StreamEnvelope) => outbox.send(JSON.stringify(envelope));
  const sendLive = (key: string, json: OutboxMessage) => outbox.sendLive(key, json);

  const feed = new EventFeed(services.events, {
    send,
    backedUp: () => outbox.backedUp(),
    close: (reason, lastSentSeq) => {
      metrics.inc("stream_slow_clients_closed_total", { transport: "websocket" });
      send(controlEnvelope("error", { code: "TOO_FAR_BEHIND", message: reason, resumeAfter: lastSentSeq }, now()));
      socket.close(TOO_SLOW_CLOSE_CODE, reason);
    },
  });
  const watcher: QuoteWatcher = {
    quote: (key, json) => {
      if (quoteKeys.has(key)) sendLive(key, json);
    },
    // After any answer still pending: the subscription it ends may not have been answered yet.
    ended: (key, code, message) =>
      inOrder(() => {
        quoteKeys.delete(key);
        outbox.forget(key);
        send(controlEnvelope("error", { code, message, key }, now()));
      }),
    resubscribed: (keys) => {
      const mine = keys.filter((k) => quoteKeys.has(k));
      if (mine.length > 0)
        send({ seq: null, topic: "quotes", type: "quotes.resubscribed", time: iso(now()), data: { keys: mine } });
    },
  };
  const subscription = () => ({
    topics: [...feed.subscribedTopics, ...(stopPnl ? ["pnl"] : []), ...(quoteKeys.size > 0 ? ["quotes"] : [])],
    quotes: [...quoteKeys],
  });

  /** Starts the subscription at once; resolves with its answer, sent in the order of the client's messages. */
  const subscribeQuote = async (op: Extract<ClientOp, { op: "subscribe-quote" }>): Promise<() => void> => {
    try {
      const { key, current } = await services.quotes.watch(op.instrument, watcher);
      return () => {
        if (closed) return void services.quotes.unwatch(key, watcher);
        quoteKeys.add(key);
        send(controlEnvelope("subscribed", subscription(), now()));
        if (current !== null) sendLive(key, current);
      };
    } catch (error) {
      const failure =
        error instanceof GatewayError ? error : new GatewayError("INTERNAL_ERROR", "Quote subscription failed");
      const code = typeof failure.details?.code === "string" ? failure.details.code : failure.code;
      const key = instrumentKey(op.instrument);
      return () => send(controlEnvelope("error", { code, message: failure.message, key }, now()));
    }
  };

  /** What answering `op` does, run in its turn. */
  const answerOf = (op: ClientOp): (() => void) | Promise<() => void> => {
    switch (op.op) {
      case "subscribe":
        return () => {
          if (op.pnl && !stopPnl) stopPnl = services.pnl.listen((id, json) => sendLive(`pnl:${id}`, json));
          feed.subscribe(op.topics);
          send(controlEnvelope("subscribed", subscription(), now()));
        };
      case "unsubscribe":
        return () => {
          if (op.pnl) {
            stopPnl?.();
            stopPnl = null;
          }
          feed.unsubscribeTopics(op.topics);
          send(controlEnvelope("unsubscribed", subscription(), now()));
        };
      case "subscribe-quote":
        return subscribeQuote(op);
      case "unsubscribe-quote":
        return () => {
          const key = instrumentKey(op.instrument);
          quoteKeys.delete(key);
          outbox.forget(key);
          services.quotes.unwatch(key, watcher);
          send(controlEnvelope("unsubscribed", subscription(), now()));
        };
      case "resume":
        return () => void feed.resume(op.after);
      case "ping":
        return () => send(controlEnvelope("pong", {}, now()));
    }
  };

  // Answers go out in the order of the client's messages, though a quote subscription waits for the broker (others
  // are not held up meanwhile: every subscription starts at once).
  let answers: Promise<void> = Promise.resolve();
  const inOrder = (answer: (() => void) | Promise<() => void>) => {
    const ready = Promise.resolve(answer);
    answers = answers
      .then(() => ready)
      .then((run) => run())
      .catch((error: unknown) => services.logger.warning("Answering a stream message failed", { error }));
  };

  socket.on("message", (data, isBinary) => {
    if (isBinary) return inOrder(() => send(errorEnvelope("BAD_REQUEST", "Messages must be JSON text", now())));
    const op = parseClientMessage(data.toString());
    if ("code" in op) return inOrder(() => send(errorEnvelope(op.code, op.message, now())));
    inOrder(answerOf(op));
  });
  socket.on("close", () => {
    closed = true;
    ended();
    feed.close();
    stopPnl?.();
    services.quotes.unwatchAll(watcher);
    outbox.close();
  });
  socket.on("error", (error) => services.logger.debug("Stream socket error", { error, client_ip: req.ip }));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function errorEnvelope(code: string, message: string, now: number): StreamEnvelope {
  return controlEnvelope("error", { code, message }, now);
}
