// The live event streams over HTTP: GET /events (Server-Sent Events), GET /stream (WebSocket) and
// POST /stream/ticket. Both streams run the same per-client feed (src/operations/stream): replay after a seq from
// the store, then live events, bounded per client. Authentication and the Host/Origin rules come from the edge
// (edge.ts) like every route's; GET /stream also takes a one-use ticket instead of the key.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { GatewayError } from "../domain/index.js";
import {
  controlEnvelope,
  DURABLE_TOPICS,
  EventFeed,
  isDurableTopic,
  LIVE_TOPICS,
  type DurableTopic,
  type LiveTopic,
  type GatewayServices,
  type StreamEnvelope,
} from "../operations/index.js";
import { runWithCorrelation } from "../obs/index.js";
import { handleStreamSocket } from "./stream-socket.js";
import { StreamTickets, TICKET_TTL_MS } from "./stream-tickets.js";

export const HEARTBEAT_MS = 15_000;

/** Counts an open stream; the returned function is called once when it ends. */
type TrackClient = (transport: "websocket" | "sse", req: FastifyRequest) => () => void;

const EventsQuery = z.object({
  topics: z
    .string()
    .optional()
    .describe(`Comma-separated topics (default: all of ${DURABLE_TOPICS.join(", ")})`),
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe("Replay the events with a seq above this one first (default: Last-Event-ID, else live only)"),
});

type EventsRequest = FastifyRequest<{ Querystring: z.infer<typeof EventsQuery> }>;

const TicketResponse = z.object({ ticket: z.string(), expiresAt: z.string() });

export function addStreamRoutes(app: FastifyInstance, services: GatewayServices): void {
  const tickets = new StreamTickets(services.clock);
  const security = [{ apiKey: [] }];
  // Open event streams never go idle: closing the app ends them, or the server would wait for them forever.
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });
  // A stream's request never completes like others (it is handed over to the transport), so it stays out of the
  // request latency histogram by construction: it is counted here and logged when it ends, with how long it lasted.
  const counts = { websocket: 0, sse: 0 };
  const track: TrackClient = (transport, req) => {
    const startedMs = Date.now();
    counts[transport] += 1;
    services.metrics.inc("stream_connections_total", { transport });
    services.metrics.set("stream_clients", { transport }, counts[transport]);
    return () => {
      counts[transport] -= 1;
      services.metrics.set("stream_clients", { transport }, counts[transport]);
      runWithCorrelation(req.correlationId, () =>
        services.logger.info("Stream closed", { transport, duration_ms: Date.now() - startedMs, client_ip: req.ip }),
      );
    };
  };
  app.get(
    "/events",
    {
      schema: {
        summary: "Durable events as Server-Sent Events (text/event-stream): replay after a seq, then live",
        description:
          "Each event is `id: <seq>`, `event: <type>`, `data: <envelope JSON>`. Resume with `after` or the " +
          "Last-Event-ID header; a `stream.gap` event says the resume point is older than the retention (at least 24 h). " +
          `A comment line is sent every ${HEARTBEAT_MS / 1000} s. See docs/streaming.md.`,
        tags: ["streaming"],
        querystring: EventsQuery,
        security,
      },
    },
    async (req, reply) => serveEvents(services, req as EventsRequest, reply, open, track),
  );
  app.post(
    "/stream/ticket",
    {
      schema: {
        summary: `A one-use ticket for GET /stream?ticket=… (browsers), valid ${TICKET_TTL_MS / 1000} s`,
        tags: ["streaming"],
        response: { 200: TicketResponse },
        security,
      },
    },
    async () => tickets.issue(),
  );
  app.route({
    method: "GET",
    url: "/stream",
    schema: { hide: true },
    preValidation: async (req) => {
      const ticket = streamTicketOf(req);
      if (ticket !== undefined && !tickets.consume(ticket))
        throw new GatewayError("UNAUTHORIZED", "Invalid, used or expired stream ticket.");
    },
    handler: async () => {
      throw new GatewayError("BAD_REQUEST", "GET /stream is a WebSocket endpoint: connect with Upgrade: websocket");
    },
    wsHandler: (socket, req) => handleStreamSocket(services, socket, req, track("websocket", req)),
  });
}

/** The `ticket` query parameter of a GET /stream request, if any. */
export function streamTicketOf(req: FastifyRequest): string | undefined {
  const ticket = (req.query as Record<string, unknown> | undefined)?.ticket;
  return typeof ticket === "string" && ticket !== "" ? ticket : undefined;
}

function parseTopics(text: string | undefined): DurableTopic[] {
  if (text === undefined || text.trim() === "") return [...DURABLE_TOPICS];
  const topics = text.split(",").map((t) => t.trim());
  for (const topic of topics) {
    if (!isDurableTopic(topic)) {
      const issue = {
        location: "query",
        field: "topics",
        message: LIVE_TOPICS.includes(topic as LiveTopic)
          ? `topic '${topic}' is served on the WebSocket (GET /stream) only; served here: ${DURABLE_TOPICS.join(", ")}`
          : `unknown topic '${topic.slice(0, 40)}'; served: ${DURABLE_TOPICS.join(", ")}`,
      };
      throw new GatewayError("VALIDATION_ERROR", "Request validation failed: 1 issue(s)", {
        details: { issues: [issue] },
      });
    }
  }
  return topics as DurableTopic[];
}

function lastEventId(req: FastifyRequest): number | undefined {
  const header = req.headers["last-event-id"];
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

function sseFrame(envelope: StreamEnvelope): string {
  const id = envelope.seq === null ? "" : `id: ${envelope.seq}\n`;
  return `${id}event: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

async function serveEvents(
  services: GatewayServices,
  req: EventsRequest,
  reply: FastifyReply,
  open: Set<() => void>,
  track: TrackClient,
): Promise<void> {
  const topics = parseTopics(req.query.topics);
  const after = req.query.after ?? lastEventId(req);
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-store",
    "X-Accel-Buffering": "no",
  });
  raw.write(": connected\n\n");
  let backedUp = false;
  const feed = new EventFeed(services.events, {
    send: (envelope) => {
      if (!raw.write(sseFrame(envelope))) backedUp = true;
    },
    backedUp: () => backedUp,
    close: (reason, lastSentSeq) => {
      services.metrics.inc("stream_slow_clients_closed_total", { transport: "sse" });
      const data = { code: "TOO_FAR_BEHIND", message: reason, resumeAfter: lastSentSeq };
      raw.end(sseFrame(controlEnvelope("error", data, services.clock.now())));
    },
  });
  raw.on("drain", () => {
    backedUp = false;
    feed.pump();
  });
  const heartbeat = setInterval(() => raw.write(": heartbeat\n\n"), HEARTBEAT_MS);
  const end = () => raw.end();
  open.add(end);
  const ended = track("sse", req);
  raw.once("close", () => {
    ended();
    open.delete(end);
    clearInterval(heartbeat);
    feed.close();
  });
  feed.subscribe(topics);
  if (after !== undefined) void feed.resume(after);
}
