// What a WebSocket client of GET /stream may send, parsed into one of its ops, or the error to answer with.
// Topics are durable (replayable) or live (`pnl`); quotes are subscribed per instrument.
import { z } from "zod";
import { SymbolSpec } from "../domain/index.js";
import { DURABLE_TOPICS, type DurableTopic } from "../operations/index.js";

/** Topics a `topics` list may name: the durable ones and `pnl` (quotes are subscribed per instrument). */
const LIST_TOPICS: readonly string[] = [...DURABLE_TOPICS, "pnl"];

export type ClientOp =
  | { op: "subscribe" | "unsubscribe"; topics: DurableTopic[]; pnl: boolean }
  | { op: "subscribe-quote"; instrument: SymbolSpec }
  | { op: "unsubscribe-quote"; instrument: SymbolSpec }
  | { op: "resume"; after: number }
  | { op: "ping" };

export interface ClientMessageError {
  code: "BAD_REQUEST" | "VALIDATION_ERROR";
  message: string;
}

const Topics = z.array(z.string()).min(1);
const Message = z.discriminatedUnion("op", [
  z.object({ op: z.literal("subscribe"), topics: Topics.optional(), topic: z.string().optional() }),
  z.object({ op: z.literal("unsubscribe"), topics: Topics.optional(), topic: z.string().optional() }),
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
  if (!parsed.success) return invalid(parsed.error);
  const message = parsed.data;
  if (message.op === "resume" || message.op === "ping") return message;
  if (message.topic === "quotes") return parseQuoteMessage(message.op, value);
  const topics = message.topics ?? (message.topic === undefined ? undefined : [message.topic]);
  if (topics === undefined) {
    return {
      code: "VALIDATION_ERROR",
      message: "Invalid message: topics: Required (or topic: quotes with instrument)",
    };
  }
  const unknown = topics.find((t) => !LIST_TOPICS.includes(t));
  if (unknown !== undefined) return topicError(unknown);
  const durable = topics.filter((t): t is DurableTopic => t !== "pnl");
  return { op: message.op, topics: durable, pnl: topics.includes("pnl") };
}

/**
 * `{"op":"subscribe","topic":"quotes","instrument":{…}}`: the instrument is the body of POST /market-data/quote;
 * `secType` is taken for `securityType`, which defaults to STK.
 */
function parseQuoteMessage(op: "subscribe" | "unsubscribe", value: unknown): ClientOp | ClientMessageError {
  const raw = (value as { instrument?: unknown }).instrument;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { code: "VALIDATION_ERROR", message: 'Invalid message: instrument: an object like {"symbol":"AAPL"}' };
  }
  const { secType, ...rest } = raw as Record<string, unknown>;
  const spec = SymbolSpec.safeParse({ securityType: secType ?? "STK", ...rest });
  if (!spec.success) return invalid(spec.error, "instrument");
  return op === "subscribe"
    ? { op: "subscribe-quote", instrument: spec.data }
    : { op: "unsubscribe-quote", instrument: spec.data };
}

function invalid(error: z.ZodError, prefix?: string): ClientMessageError {
  const issue = error.issues[0];
  const path = [...(prefix ? [prefix] : []), ...(issue?.path ?? [])];
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  return { code: "VALIDATION_ERROR", message: `Invalid message: ${where}${issue?.message ?? "unknown shape"}` };
}

function topicError(topic: string): ClientMessageError {
  if (topic === "quotes") {
    const example = '{"op":"subscribe","topic":"quotes","instrument":{"symbol":"AAPL"}}';
    return { code: "VALIDATION_ERROR", message: `Topic 'quotes' is subscribed per instrument: ${example}` };
  }
  const served = [...LIST_TOPICS, "quotes (per instrument)"].join(", ");
  return { code: "VALIDATION_ERROR", message: `Unknown topic '${topic.slice(0, 40)}'; topics served: ${served}` };
}
