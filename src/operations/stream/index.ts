// Public surface of the live event streams: durable events, the in-process hub, the per-client feed, the quote
// fan-out, and the P&L relay.
export {
  appendStreamEvent,
  controlEnvelope,
  DURABLE_TOPICS,
  envelopeOf,
  isDurableTopic,
  LIVE_TOPICS,
  type LiveTopic,
  type DurableTopic,
  type StreamEnvelope,
  type StreamEventAppend,
  type StreamEventType,
} from "./events.js";
export { EventHub } from "./hub.js";
export { EventFeed, MAX_QUEUED_EVENTS, type FeedOptions, type FeedSink } from "./feed.js";
export {
  instrumentKey,
  LINE_LIMIT_CODE,
  QuoteFanout,
  type QuoteFanoutOptions,
  type QuoteWatcher,
} from "./quote-fanout.js";
export { PNL_INTERVAL_MS, PnlRelay, type PnlEnvelopeListener } from "./pnl-relay.js";
