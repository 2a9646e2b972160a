// One WebSocket client of GET /stream: its messages (subscribe, unsubscribe, resume, ping) drive an event feed;
// every answer is an envelope {seq, topic, type, time, data}. A bad message gets an `error` envelope and the socket
// stays open. A client too far behind is closed with code 1013 and a reason; it reconnects and resumes.
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { controlEnvelope, EventFeed, type GatewayServices, type StreamEnvelope } from "../operations/index.js";
import { parseClientMessage } from "./stream-messages.js";

/** Bytes the socket may hold unsent before the feed waits (the feed's own queue is bounded in events). */
const HIGH_WATER_BYTES = 1024 * 1024;
export const TOO_FAR_BEHIND_CLOSE_CODE = 1013;

export function handleStreamSocket(services: GatewayServices, socket: WebSocket, req: FastifyRequest): void {
  const now = () => services.clock.now();
  let waiting = false;
  const send = (envelope: StreamEnvelope) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(envelope), () => {
      if (waiting && socket.bufferedAmount < HIGH_WATER_BYTES) {
        waiting = false;
        feed.pump();
      }
    });
  };
  const feed = new EventFeed(services.events, {
    send,
    backedUp: () => {
      waiting = socket.bufferedAmount >= HIGH_WATER_BYTES;
      return waiting;
    },
    close: (reason) => {
      send(controlEnvelope("error", { code: "TOO_FAR_BEHIND", message: reason }, now()));
      socket.close(TOO_FAR_BEHIND_CLOSE_CODE, reason);
    },
  });
  socket.on("message", (data, isBinary) => {
    if (isBinary) return send(errorEnvelope("BAD_REQUEST", "Messages must be JSON text", now()));
    const op = parseClientMessage(data.toString());
    if ("code" in op) return send(errorEnvelope(op.code, op.message, now()));
    switch (op.op) {
      case "subscribe":
        send(controlEnvelope("subscribed", { topics: [...new Set([...feed.subscribedTopics, ...op.topics])] }, now()));
        return feed.subscribe(op.topics);
      case "unsubscribe":
        feed.unsubscribeTopics(op.topics);
        return send(controlEnvelope("unsubscribed", { topics: feed.subscribedTopics }, now()));
      case "resume":
        return void feed.resume(op.after);
      case "ping":
        return send(controlEnvelope("pong", {}, now()));
    }
  });
  socket.on("close", () => feed.close());
  socket.on("error", (error) => services.logger.debug("Stream socket error", { error, client_ip: req.ip }));
}

function errorEnvelope(code: string, message: string, now: number): StreamEnvelope {
  return controlEnvelope("error", { code, message }, now);
}
