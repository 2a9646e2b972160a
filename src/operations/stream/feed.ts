// One client's view of the durable events, shared by the WebSocket and SSE transports: replay from the store after
// a seq, then live events, with no duplicate and no gap at the hand-over. Replay is pulled from the store a page at
// a time while the client keeps up, so a long replay never sits in memory. Live events wait in a bounded queue; a
// client that falls further behind than the bound is closed with a reason and resumes from the last seq it got.
import type { StoredEvent } from "../../store/index.js";
import { controlEnvelope, envelopeOf, type DurableTopic, type StreamEnvelope } from "./events.js";
import type { EventHub } from "./hub.js";

/** Live events a client may have waiting before it is closed. */
export const MAX_QUEUED_EVENTS = 1000;
const REPLAY_PAGE = 200;

/** The transport under a feed. */
export interface FeedSink {
  /** Sends one envelope. */
  send(envelope: StreamEnvelope): void;
  /** True while the transport's own buffer is full; the transport calls `pump()` once it has drained. */
  backedUp(): boolean;
  /** Ends the connection, telling the client why. */
  close(reason: string): void;
}

export interface FeedOptions {
  maxQueued?: number;
  now?: () => number;
}

export class EventFeed {
  private topics = new Set<DurableTopic>();
  /** Highest seq examined (sent, queued, or skipped as another topic). */
  private position: number;
  private catchingUp = true;
  private queue: StreamEnvelope[] = [];
  private readonly unsubscribe: () => void;
  private closed = false;
  private readonly maxQueued: number;
  private readonly now: () => number;

  constructor(
    private readonly hub: EventHub,
    private readonly sink: FeedSink,
    options: FeedOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_EVENTS;
    this.now = options.now ?? Date.now;
    this.position = hub.store.latestEventSeq();
    this.unsubscribe = hub.subscribe((event) => this.onLive(event));
  }

  get subscribedTopics(): DurableTopic[] {
    return [...this.topics];
  }

  /** Adds topics; events of them flow from the current position on. */
  subscribe(topics: readonly DurableTopic[]): void {
    for (const topic of topics) this.topics.add(topic);
    this.pump();
  }

  unsubscribeTopics(topics: readonly DurableTopic[]): void {
    for (const topic of topics) this.topics.delete(topic);
    this.queue = this.queue.filter((e) => this.topics.has(e.topic as DurableTopic));
  }

  /**
   * Replays the subscribed topics' events after `after`, then continues live. An `after` older than retention first
   * sends a `stream.gap` event (the events in between are gone); an `after` beyond the newest seq resumes live.
   */
  resume(after: number): void {
    const store = this.hub.store;
    const latest = store.latestEventSeq();
    const firstKept = store.oldestEventSeq() ?? latest + 1;
    if (after + 1 < firstKept) {
      this.sink.send(
        controlEnvelope("stream.gap", { after, firstAvailableSeq: firstKept, latestSeq: latest }, this.now()),
      );
    }
    this.queue = [];
    this.position = Math.min(Math.max(0, after), latest);
    this.catchingUp = true;
    this.pump();
  }

  /** Sends what the transport can take now: queued live events, then the next replay page. */
  pump(): void {
    while (!this.closed && !this.sink.backedUp()) {
      const next = this.queue.shift();
      if (next !== undefined) {
        this.sink.send(next);
        continue;
      }
      if (!this.catchingUp || !this.loadPage()) return;
    }
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.queue = [];
    if (reason !== undefined) this.sink.close(reason);
  }

  /** The next page of the replay into the queue; false (and live from now on) when the replay has caught up. */
  private loadPage(): boolean {
    const topics = [...this.topics];
    const page = topics.length === 0 ? [] : this.hub.store.eventsAfter(this.position, topics, REPLAY_PAGE);
    if (page.length === 0) {
      this.catchingUp = false;
      // Nothing of these topics after `position` is committed: whatever the hub hands over next is new.
      this.position = Math.max(this.position, this.hub.store.latestEventSeq());
      return false;
    }
    for (const event of page) this.queue.push(envelopeOf(event));
    this.position = page[page.length - 1]!.seq;
    return true;
  }

  private onLive(event: StoredEvent): void {
    if (this.closed || this.catchingUp || event.seq <= this.position) return;
    this.position = event.seq;
    if (!this.topics.has(event.topic as DurableTopic)) return;
    this.queue.push(envelopeOf(event));
    if (this.queue.length > this.maxQueued) {
      this.close(`Client too far behind (more than ${this.maxQueued} events waiting); resume after your last seq`);
      return;
    }
    this.pump();
  }
}
