// Public surface of the live event streams: durable events, the in-process hub and the per-client feed.
export {
  appendStreamEvent,
  controlEnvelope,
  DURABLE_TOPICS,
  envelopeOf,
  isDurableTopic,
  type DurableTopic,
  type StreamEnvelope,
  type StreamEventAppend,
  type StreamEventType,
} from "./events.js";
export { EventHub } from "./hub.js";
export { EventFeed, MAX_QUEUED_EVENTS, type FeedOptions, type FeedSink } from "./feed.js";
