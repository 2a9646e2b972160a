// The `quotes` topic: one broker streaming line per instrument however many stream clients watch it (the broker's
// shared lines, src/broker/market-data), fanned out to the watchers as ready-made JSON, the line released when the
// last watcher leaves. It keeps no per-client queue: each watcher decides what to do with a quote it cannot send now.
import { TwsError, type Broker, type Subscription } from "../../broker/index.js";
import { GatewayError, type Quote, type SymbolSpec } from "../../domain/index.js";
import type { Clock } from "../context.js";

/** IB's "Max number of tickers has been reached": the account's market-data lines are all in use. */
const MAX_TICKERS_CODE = 101;
/** The error code a stream client gets when a quote line cannot be opened for lack of lines. */
export const LINE_LIMIT_CODE = "MARKET_DATA_LINE_LIMIT";

/** What a watcher of quotes is told. Calls never throw back into the fan-out. */
export interface QuoteWatcher {
  /** One `quote.update` envelope as UTF-8 JSON, encoded once and shared by every watcher of the key. */
  quote(key: string, json: Buffer): void;
  /** The line of `key` ended (the broker refused or dropped it); the watcher no longer watches it. */
  ended(key: string, code: string, message: string): void;
  /** The broker connection came back and the watcher's lines were requested again. */
  resubscribed(keys: string[]): void;
}

interface Entry {
  readonly key: string;
  readonly instrument: SymbolSpec;
  readonly watchers: Set<QuoteWatcher>;
  subscription: Subscription | null;
  /** Settles once the broker line is attached (or failed). */
  readonly ready: Promise<void>;
}

export interface QuoteFanoutOptions {
  /** Instruments streamed at once at most (the gateway's own cap, below IB's per-account line limit). */
  maxLines: number;
}

/** The canonical key of an instrument: its fields in a fixed order, empty ones left out. */
export function instrumentKey(spec: SymbolSpec): string {
  const parts = [spec.symbol, spec.securityType];
  for (const [name, value] of [
    ["exchange", spec.exchange],
    ["currency", spec.currency],
    ["expiry", spec.expiry?.replaceAll("-", "")],
    ["strike", spec.strike],
    ["right", spec.right],
    ["multiplier", spec.multiplier],
    ["conId", spec.conId],
  ] as const) {
    if (value !== undefined && value !== null) parts.push(`${name}=${value}`);
  }
  return parts.join(":");
}

export class QuoteFanout {
  private readonly entries = new Map<string, Entry>();
  private readonly offConnection: () => void;

  constructor(
    private readonly broker: Pick<Broker, "marketData" | "connection">,
    private readonly clock: Clock,
    private readonly options: QuoteFanoutOptions,
  ) {
    this.offConnection = broker.connection.onConnectionEvent((event) => {
      if (event.type === "restored" || (event.type === "connected" && event.reconnect)) this.announceResubscribed();
    });
  }

  /** Instruments with an open (or opening) line, and their watchers. */
  stats(): { lines: number; watchers: number } {
    let watchers = 0;
    for (const entry of this.entries.values()) watchers += entry.watchers.size;
    return { lines: this.entries.size, watchers };
  }

  /** The keys `watcher` watches. */
  keysOf(watcher: QuoteWatcher): string[] {
    return [...this.entries.values()].filter((e) => e.watchers.has(watcher)).map((e) => e.key);
  }

  /**
   * Starts sending the instrument's quotes to `watcher`. Resolves with the key and the line's current quote (null
   * before its first); rejects with a GatewayError (line limit, unknown contract, not connected), the watcher then
   * not watching.
   */
  async watch(instrument: SymbolSpec, watcher: QuoteWatcher): Promise<{ key: string; current: Buffer | null }> {
    const key = instrumentKey(instrument);
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.options.maxLines) {
        throw new GatewayError(
          "VALIDATION_ERROR",
          `Quote line limit reached: this gateway streams at most ${this.options.maxLines} instruments at once ` +
            "(STREAM_MAX_QUOTE_LINES); unsubscribe from one first",
          { details: { code: LINE_LIMIT_CODE } },
        );
      }
      entry = this.open(key, instrument);
    }
    entry.watchers.add(watcher);
    try {
      await entry.ready;
    } catch (error) {
      entry.watchers.delete(watcher);
      throw error;
    }
    const latest = entry.watchers.has(watcher) ? (entry.subscription?.latest() ?? null) : null;
    return { key, current: latest === null ? null : this.serialise(entry, latest) };
  }

  /** Stops sending the key's quotes to `watcher`; the last watcher to leave releases the line. */
  unwatch(key: string, watcher: QuoteWatcher): boolean {
    const entry = this.entries.get(key);
    if (!entry?.watchers.delete(watcher)) return false;
    if (entry.watchers.size === 0) this.release(entry);
    return true;
  }

  /** Every key of `watcher` (its socket closed). */
  unwatchAll(watcher: QuoteWatcher): void {
    for (const entry of [...this.entries.values()]) this.unwatch(entry.key, watcher);
  }

  close(): void {
    this.offConnection();
    for (const entry of [...this.entries.values()]) this.release(entry);
  }

  private open(key: string, instrument: SymbolSpec): Entry {
    // eslint-disable-next-line prefer-const -- assigned after the callbacks that read it are created
    let entry: Entry;
    const ready = this.broker.marketData
      .subscribe(instrument, (quote) => this.onQuote(entry, quote), { onError: (error) => this.onEnded(entry, error) })
      .then(
        (subscription) => {
          if (this.entries.get(key) === entry && entry.watchers.size > 0) entry.subscription = subscription;
          else subscription.unsubscribe();
        },
        (error: unknown) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw lineError(error);
        },
      );
    entry = { key, instrument, watchers: new Set(), subscription: null, ready };
    // A failure is answered to each watcher by watch(); this keeps an unobserved rejection quiet.
    ready.catch(() => undefined);
    this.entries.set(key, entry);
    return entry;
  }

  private release(entry: Entry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.subscription?.unsubscribe();
    entry.subscription = null;
  }

  private serialise(entry: Entry, quote: Quote): Buffer {
    const json = JSON.stringify({
      seq: null,
      topic: "quotes",
      type: "quote.update",
      time: new Date(this.clock.now()).toISOString(),
      data: { key: entry.key, instrument: entry.instrument, quote },
    });
    return Buffer.from(json);
  }

  private onQuote(entry: Entry, quote: Quote): void {
    if (entry.watchers.size === 0) return;
    const json = this.serialise(entry, quote);
    for (const watcher of entry.watchers) watcher.quote(entry.key, json);
  }

  private onEnded(entry: Entry, error: GatewayError): void {
    const failure = lineError(error);
    const code = typeof failure.details?.code === "string" ? failure.details.code : failure.code;
    const watchers = [...entry.watchers];
    entry.watchers.clear();
    this.release(entry);
    for (const watcher of watchers) watcher.ended(entry.key, code, failure.message);
  }

  private announceResubscribed(): void {
    const byWatcher = new Map<QuoteWatcher, string[]>();
    for (const entry of this.entries.values()) {
      for (const watcher of entry.watchers) byWatcher.set(watcher, [...(byWatcher.get(watcher) ?? []), entry.key]);
    }
    for (const [watcher, keys] of byWatcher) watcher.resubscribed(keys);
  }
}

/** IB's line limit (101) named as such; any other failure as the broker adapter classified it. */
function lineError(error: unknown): GatewayError {
  const cause = error instanceof GatewayError ? error.cause : error;
  if (cause instanceof TwsError && cause.code === MAX_TICKERS_CODE) {
    return new GatewayError(
      "VALIDATION_ERROR",
      `Market data line limit reached at the broker (IB error 101: ${cause.message}); ` +
        "unsubscribe from an instrument or raise the account's market data lines",
      { details: { code: LINE_LIMIT_CODE }, cause: error },
    );
  }
  if (error instanceof GatewayError) return error;
  return new GatewayError("INTERNAL_ERROR", `Quote line failed: ${String(error)}`, { cause: error });
}
