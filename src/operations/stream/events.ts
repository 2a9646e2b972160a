// The stream events: the durable topics and types, the live-only topics, the envelope clients receive, and the one
// way operations write them. An event is written next to the audit row of the same fact (inside the same
// `store.transaction` where there is one), so the two commit together; a failed event write is logged and never
// undoes the audit row.
import type { Logger } from "../../obs/index.js";
import type { EventAppend, Store, StoredEvent } from "../../store/index.js";

/** Topics with a durable, resumable sequence. */
export const DURABLE_TOPICS = ["orders", "fills", "connection", "trading-status", "positions"] as const;
export type DurableTopic = (typeof DURABLE_TOPICS)[number];

export type StreamEventType =
  | "order.status"
  | "order.fill"
  | "connection.lost"
  | "connection.restored"
  | "kill-switch.changed"
  | "approval.requested"
  | "approval.decided"
  | "position.update";

/** Topics of the WebSocket only: live, never replayed by `resume`. */
export const LIVE_TOPICS = ["quotes", "pnl"] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

/** What a client receives. `seq` is null for events outside the durable sequence (errors, gaps, acknowledgements). */
export interface StreamEnvelope {
  readonly seq: number | null;
  readonly topic: string;
  readonly type: string;
  /** ISO 8601. */
  readonly time: string;
  readonly data: Record<string, unknown>;
}

export interface StreamEventAppend extends EventAppend {
  readonly topic: DurableTopic;
  readonly type: StreamEventType;
}

export function isDurableTopic(topic: unknown): topic is DurableTopic {
  return typeof topic === "string" && (DURABLE_TOPICS as readonly string[]).includes(topic);
}

export function envelopeOf(event: StoredEvent): StreamEnvelope {
  return { seq: event.seq, topic: event.topic, type: event.type, time: event.time, data: event.data };
}

/** An envelope outside the durable sequence (topic `stream`). */
export function controlEnvelope(type: string, data: Record<string, unknown>, now: number): StreamEnvelope {
  return { seq: null, topic: "stream", type, time: new Date(now).toISOString(), data };
}

/** Appends a durable event; a failure is logged, never thrown (the caller's audit rows still commit). */
export async function appendStreamEvent(store: Store, logger: Logger, event: StreamEventAppend): Promise<void> {
  try {
    await store.appendEvent(event);
  } catch (error) {
    logger.error("Writing a stream event failed", { error, topic: event.topic, type: event.type });
  }
}
