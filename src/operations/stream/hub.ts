// The in-process fan-out of durable events. Writers only append to the store; the store tells the hub that there is
// news (inside the writer's transaction), and the hub reads the new rows from the store on the next turn of the
// event loop — after the commit — and hands them to every subscriber in seq order. Reading back from the store means
// a rolled-back write is never delivered, and a once-per-second look picks up events other processes sharing the
// file wrote (the `kill-switch` CLI).
import type { Logger } from "../../obs/index.js";
import type { Store, StoredEvent } from "../../store/index.js";

const PAGE = 500;
const POLL_MS = 1000;

export class EventHub {
  /** The last seq delivered; null until the store said where the sequence stands. */
  private cursor: number | null = null;
  private scheduled = false;
  /** A drain is running; `again` asks it to look once more when it ends (one reader at a time: no duplicates). */
  private draining = false;
  private again = false;
  private readonly subscribers = new Set<(event: StoredEvent) => void>();
  private readonly offStore: () => void;
  private readonly poll: NodeJS.Timeout;

  constructor(
    readonly store: Store,
    private readonly logger: Logger,
  ) {
    this.offStore = store.onEventAppended(() => this.wake());
    this.poll = setInterval(() => {
      if (this.subscribers.size > 0) this.wake();
    }, POLL_MS);
    this.poll.unref();
  }

  /** Finds where the sequence stands: events committed after this are delivered. Call once before serving. */
  async start(): Promise<void> {
    this.cursor ??= await this.store.latestEventSeq();
  }

  /** The listener gets every durable event committed from now on, in seq order. */
  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** The seq of the last event handed to subscribers: the next one delivered is after it. */
  get deliveredSeq(): number {
    return this.cursor ?? 0;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  close(): void {
    this.offStore();
    clearInterval(this.poll);
    this.subscribers.clear();
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    try {
      do {
        this.again = false;
        await this.readNew();
      } while (this.again);
    } catch (error) {
      this.logger.error("Reading stream events failed", { error });
    } finally {
      this.draining = false;
    }
  }

  private async readNew(): Promise<void> {
    if (this.cursor === null) return;
    for (;;) {
      const page = await this.store.eventsAfter(this.cursor, undefined, PAGE);
      for (const event of page) {
        this.cursor = event.seq;
        this.deliver(event);
      }
      if (page.length < PAGE) return;
    }
  }

  private deliver(event: StoredEvent): void {
    for (const listener of this.subscribers) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error("A stream subscriber failed", { error, seq: event.seq });
      }
    }
  }
}
