// What a WebSocket client of GET /stream may send, parsed into one of four ops, or the error to answer with.
import { z } from "zod";
import { DURABLE_TOPICS, type DurableTopic } from "../operations/index.js";

/** Topics named in the stream's interface that this gateway does not serve yet. */
const NOT_YET = new Set(["quotes", "positions", "pnl"]);

export type ClientOp =
  { op: "subscribe" | "unsubscribe"; topics: DurableTopic[] } | { op: "resume"; after: number } | { op: "ping" };

export interface ClientMessageError {
  code: "BAD_REQUEST" | "VALIDATION_ERROR";
  message: string;
}

const Topics = z.array(z.string()).min(1);
const Message = z.discriminatedUnion("op", [
  z.object({ op: z.literal("subscribe"), topics: Topics }),
  z.object({ op: z.literal("unsubscribe"), topics: Topics }),
  z.object({ op: z.literal("resume"), after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  z.object({ op: z.literal("ping") }),
]);

export function parseClientMessage(text: string): ClientOp | ClientMessageError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { code: "BAD_REQUEST", message: "Messages must be JSON objects" };
  }
  const parsed = Message.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { code: "VALIDATION_ERROR", message: `Invalid message: ${where}${issue?.message ?? "unknown shape"}` };
  }
  const message = parsed.data;
  if (message.op === "resume" || message.op === "ping") return message;
  const unknown = message.topics.find((t) => !(DURABLE_TOPICS as readonly string[]).includes(t));
  if (unknown !== undefined) return topicError(unknown);
  return { op: message.op, topics: message.topics as DurableTopic[] };
}

export function topicError(topic: string): ClientMessageError {
  const served = DURABLE_TOPICS.join(", ");
  const message = NOT_YET.has(topic)
    ? `Topic '${topic}' is not available on this gateway yet; topics served: ${served}`
    : `Unknown topic '${topic}'; topics served: ${served}`;
  return { code: "VALIDATION_ERROR", message };
}
