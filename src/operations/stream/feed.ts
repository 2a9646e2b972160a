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
  /** Ends the connection, telling the client why and the last seq it was sent, to resume after. */
  close(reason: string, lastSentSeq: number): void;
}

export interface FeedOptions {
  maxQueued?: number;
  now?: () => number;
}

export class EventFeed {
  private topics = new Set<DurableTopic>();
  /** Highest seq examined (sent, queued, or skipped as another topic). */
  private position: number;
  private catchingUp = false;
  /** A replay page is being read. */
  private loading = false;
  /** Live events that arrived while catching up: handed over (without the replayed ones) when the replay ends. */
  private arrived: StoredEvent[] = [];
  /** `arrived` overflowed during the current replay read: read once more before going live. */
  private overflowed = false;
  private queue: StreamEnvelope[] = [];
  /** The newest seq handed to the sink, else where the client started (the resume point, or the seq at connect). */
  private lastSent: number;
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
    // The hub hands over every event after the last one it delivered: that is where a live-only feed starts.
    this.position = hub.deliveredSeq;
    this.lastSent = this.position;
    this.unsubscribe = hub.subscribe((event) => this.onLive(event));
  }

  /** Live events waiting for the transport (bounded by `maxQueued`). */
  get queued(): number {
    return this.queue.length;
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
  async resume(after: number): Promise<void> {
    // Live events from now on wait in `arrived` until the replay has caught up.
    this.catchingUp = true;
    this.queue = [];
    const store = this.hub.store;
    let latest: number;
    let firstKept: number;
    try {
      latest = await store.latestEventSeq();
      firstKept = (await store.oldestEventSeq()) ?? latest + 1;
    } catch {
      this.close("Stream events could not be read; resume after your last seq");
      return;
    }
    if (this.closed) return;
    if (after + 1 < firstKept) {
      this.sink.send(
        controlEnvelope("stream.gap", { after, firstAvailableSeq: firstKept, latestSeq: latest }, this.now()),
      );
    }
    this.position = Math.min(Math.max(0, after), latest);
    this.lastSent = this.position;
    this.pump();
  }

  /** Sends what the transport can take now: queued live events, then the next replay page (read asynchronously). */
  pump(): void {
    while (!this.closed && !this.sink.backedUp()) {
      const next = this.queue.shift();
      if (next !== undefined) {
        if (next.seq !== null) this.lastSent = next.seq;
        this.sink.send(next);
        continue;
      }
      if (this.catchingUp && !this.loading) void this.loadPage();
      return;
    }
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.queue = [];
    this.arrived = [];
    if (reason !== undefined) this.sink.close(reason, this.lastSent);
  }

  /** Reads the next page of the replay into the queue; an empty page ends the replay (the hand-over to live). */
  private async loadPage(): Promise<void> {
    this.loading = true;
    this.overflowed = false;
    const topics = [...this.topics];
    let page: StoredEvent[];
    try {
      page = topics.length === 0 ? [] : await this.hub.store.eventsAfter(this.position, topics, REPLAY_PAGE);
    } catch {
      this.loading = false;
      this.close("Stream events could not be read; resume after your last seq");
      return;
    }
    this.loading = false;
    if (this.closed) return;
    if (page.length > 0) {
      for (const event of page) this.queue.push(envelopeOf(event));
      this.position = page[page.length - 1]!.seq;
    } else if (!this.overflowed) {
      // Nothing of these topics after `position` was committed when the page was read; whatever arrived live since
      // then (and after `position`) is new, and everything after it comes live.
      this.catchingUp = false;
      const arrived = this.arrived;
      this.arrived = [];
      for (const event of arrived) this.take(event);
    }
    this.pump();
  }

  private onLive(event: StoredEvent): void {
    if (this.closed) return;
    if (this.catchingUp) {
      if (this.arrived.length < this.maxQueued) this.arrived.push(event);
      else {
        // Too much arrived while replaying: drop it and read it from the store with the next page instead.
        this.arrived = [];
        this.overflowed = true;
      }
      return;
    }
    this.take(event);
    if (!this.closed) this.pump();
  }

  private take(event: StoredEvent): void {
    if (event.seq <= this.position) return;
    this.position = event.seq;
    if (!this.topics.has(event.topic as DurableTopic)) return;
    this.queue.push(envelopeOf(event));
    if (this.queue.length > this.maxQueued) {
      this.close(`too slow: resume from seq ${this.lastSent}`);
    }
  }
}
