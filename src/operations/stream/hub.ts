// The in-process fan-out of durable events. Writers only append to the store; the store tells the hub that there is
// news (inside the writer's transaction), and the hub reads the new rows from the store on the next turn of the
// event loop — after the commit — and hands them to every subscriber in seq order. Reading back from the store means
// a rolled-back write is never delivered, and a once-per-second look picks up events other processes sharing the
// file wrote (the `kill-switch` CLI).
import type { Logger } from "../../obs/index.js";
import type { AuditStore, StoredEvent } from "../../store/index.js";

const PAGE = 500;
const POLL_MS = 1000;

export class EventHub {
  private cursor: number;
  private scheduled = false;
  private readonly subscribers = new Set<(event: StoredEvent) => void>();
  private readonly offStore: () => void;
  private readonly poll: NodeJS.Timeout;

  constructor(
    readonly store: AuditStore,
    private readonly logger: Logger,
  ) {
    this.cursor = store.latestEventSeq();
    this.offStore = store.onEventAppended(() => this.wake());
    this.poll = setInterval(() => {
      if (this.subscribers.size > 0) this.drain();
    }, POLL_MS);
    this.poll.unref();
  }

  /** The listener gets every durable event committed from now on, in seq order. */
  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
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
      this.drain();
    });
  }

  private drain(): void {
    try {
      for (;;) {
        const page = this.store.eventsAfter(this.cursor, undefined, PAGE);
        for (const event of page) {
          this.cursor = event.seq;
          this.deliver(event);
        }
        if (page.length < PAGE) return;
      }
    } catch (error) {
      this.logger.error("Reading stream events failed", { error });
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
