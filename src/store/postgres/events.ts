// The durable event sequence on PostgreSQL. The seq comes from a counter row updated in the appending transaction:
// its row lock is held to commit (and released by a rollback, which takes the seq back), so appends from every
// instance commit in seq order and a reader never sees seq N+1 before N. The commit also NOTIFYs the other
// instances. Retention as in SQLite (event-log.ts): rows older than 24 h are pruned, latestSeq is never reused.
import { EVENT_RETENTION_MS, type EventAppend, type EventRow, type StoredEvent } from "../event-log.js";
import { WRITE_LOCK } from "./audit-chain.js";
import type { Database } from "./connection.js";

/** Pruning runs at most this often, on an append. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** NOTIFY channel of new stream events; the payload is the id of the instance that appended. */
export const EVENTS_CHANNEL = "ibkr_gateway_events";

type StoredEventRow = EventRow & Record<string, unknown>;

export class PgEventLog {
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly instanceId: string,
    private readonly retentionMs = EVENT_RETENTION_MS,
  ) {}

  /** Appends one event; must run inside a transaction (the store opens one). */
  async append(event: EventAppend): Promise<StoredEvent> {
    const at = this.now();
    if (at.getTime() - this.lastPrune >= PRUNE_EVERY_MS) await this.prune(at);
    const time = at.toISOString();
    // The audit chain's lock first, as its appends do: a transaction writing both cannot deadlock another one.
    await this.db.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const counter = await this.db.one<{ latest: number }>(
      "UPDATE event_seq SET latest = latest + 1 WHERE id = 1 RETURNING latest",
    );
    if (counter === undefined) throw new Error("event_seq row missing: the schema is incomplete");
    await this.db.query("INSERT INTO events (seq, time, topic, type, data) VALUES ($1, $2, $3, $4, $5)", [
      counter.latest,
      time,
      event.topic,
      event.type,
      JSON.stringify(event.data),
    ]);
    await this.db.query("SELECT pg_notify($1, $2)", [EVENTS_CHANNEL, this.instanceId]);
    return { seq: counter.latest, time, ...event };
  }

  async after(after: number, topics: readonly string[] | undefined, limit: number): Promise<StoredEvent[]> {
    const filter = topics === undefined ? "" : " AND topic = ANY($3)";
    const sql = `SELECT seq, time, topic, type, data FROM events WHERE seq > $1${filter} ORDER BY seq LIMIT $2`;
    const params = topics === undefined ? [after, limit] : [after, limit, topics];
    const rows = await this.db.query<StoredEventRow>(sql, params);
    return rows.map((row) => ({
      seq: row.seq,
      time: row.time,
      topic: row.topic,
      type: row.type,
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));
  }

  async oldestSeq(): Promise<number | null> {
    return (await this.db.one<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM events"))?.seq ?? null;
  }

  async latestSeq(): Promise<number> {
    return (await this.db.one<{ latest: number }>("SELECT latest FROM event_seq WHERE id = 1"))?.latest ?? 0;
  }

  async prune(at: Date = this.now()): Promise<number> {
    this.lastPrune = at.getTime();
    const cutoff = new Date(at.getTime() - this.retentionMs).toISOString();
    return (await this.db.query("DELETE FROM events WHERE time < $1 RETURNING seq", [cutoff])).length;
  }
}
