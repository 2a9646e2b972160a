// The durable event sequence of the live streams: one row per order status change, fill, connection loss or
// restore and kill-switch change, numbered by an AUTOINCREMENT seq. A seq is never reused, and a rolled-back write
// takes its seq back with it, so the sequence has no holes except the ones retention prunes from the old end.
import type { Database } from "better-sqlite3";
import { Statements } from "./statements.js";

/** Events are kept at least this long (pruning removes only older rows). */
export const EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Pruning runs at most this often, on an append. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface EventAppend {
  readonly topic: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface StoredEvent extends EventAppend {
  readonly seq: number;
  /** ISO 8601. */
  readonly time: string;
}

/** A stored event row (both backends store the same columns). */
export interface EventRow {
  seq: number;
  time: string;
  topic: string;
  type: string;
  data: string;
}

export class EventLog {
  private readonly statements: Statements;
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    db: Database,
    private readonly now: () => Date,
    private readonly retentionMs = EVENT_RETENTION_MS,
  ) {
    this.statements = new Statements(db);
  }

  /** Appends one event (inside the caller's transaction when there is one) and tells the listeners. */
  append(event: EventAppend): StoredEvent {
    const at = this.now();
    if (at.getTime() - this.lastPrune >= PRUNE_EVERY_MS) this.prune(at);
    const time = at.toISOString();
    const sql = "INSERT INTO events (time, topic, type, data) VALUES (?, ?, ?, ?)";
    const info = this.statements.get(sql).run(time, event.topic, event.type, JSON.stringify(event.data));
    const stored: StoredEvent = { seq: Number(info.lastInsertRowid), time, ...event };
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  /** Listeners run synchronously inside the writer's transaction: they must only note that there is news. */
  onAppend(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events with seq > `after`, oldest first; only `topics` when given. */
  after(after: number, topics: readonly string[] | undefined, limit: number): StoredEvent[] {
    const filter = topics === undefined ? "" : ` AND topic IN (${topics.map(() => "?").join(", ")})`;
    const sql = `SELECT seq, time, topic, type, data FROM events WHERE seq > ?${filter} ORDER BY seq LIMIT ?`;
    return this.statements
      .get<unknown[], EventRow>(sql)
      .all(after, ...(topics ?? []), limit)
      .map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
  }

  /** The oldest seq still stored, or null when there is none. */
  oldestSeq(): number | null {
    return this.statements.get<[], { seq: number | null }>("SELECT MIN(seq) AS seq FROM events").get()?.seq ?? null;
  }

  /** The newest seq ever handed out (also after its row was pruned), 0 before the first event. */
  latestSeq(): number {
    const sql = "SELECT seq FROM sqlite_sequence WHERE name = 'events'";
    return this.statements.get<[], { seq: number }>(sql).get()?.seq ?? 0;
  }

  /** Removes events older than the retention period; returns how many. */
  prune(at: Date = this.now()): number {
    this.lastPrune = at.getTime();
    const cutoff = new Date(at.getTime() - this.retentionMs).toISOString();
    return this.statements.get("DELETE FROM events WHERE time < ?").run(cutoff).changes;
  }
}
