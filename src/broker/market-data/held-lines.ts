// Warm quotes from streaming lines (QUOTE_STREAM_IDLE_SEC > 0; off by default). After a quote the instrument keeps a
// streaming line open until it has gone unquoted for the idle time, and its quotes meanwhile are answered from the
// line's newest update, without a broker round trip. At most `maxLines` lines are held (IB allows about 100 per
// account); the least recently quoted goes first. A line the broker ends (permission, unknown contract) is dropped,
// so the next quote is a snapshot that reports the broker's error itself.
import type { Quote, ResolvedContract } from "../../domain/index.js";
import type { Clock, TimerHandle } from "../hooks.js";
import type { StreamingQuotes, Subscription } from "./streaming-quotes.js";

export interface HeldLinesOptions {
  /** How long a line stays open after its last quote. */
  idleMs: number;
  /** Lines held at most. */
  maxLines: number;
}

class HeldLine {
  subscription: Subscription | null = null;
  timer: TimerHandle | null = null;
  /** Grows with every use across all lines: orders lines by recency even within one millisecond. */
  recency = 0;

  constructor(
    readonly conId: number,
    readonly exchange: string,
    public lastUsedMs: number,
  ) {}
}

export class HeldLines {
  private readonly held = new Map<number, HeldLine>();
  private uses = 0;

  constructor(
    private readonly streaming: StreamingQuotes,
    private readonly clock: Clock,
    private readonly options: HeldLinesOptions,
  ) {}

  /** The held line's newest quote under `symbol`, or null when there is no live line with a price to answer from. */
  answer(symbol: string, contract: ResolvedContract): Quote | null {
    const line = this.held.get(contract.conId);
    if (!line || line.exchange !== contract.exchange) return null;
    const quote = this.streaming.latestQuote(contract.conId);
    if (quote === null || (quote.bid === 0 && quote.ask === 0 && quote.last === 0)) return null;
    this.use(line, this.clock.now());
    return quote.symbol === symbol ? quote : { ...quote, symbol };
  }

  /** Keeps (or opens) the contract's line after a quote; does nothing while the broker is not ready. */
  hold(symbol: string, contract: ResolvedContract): void {
    const now = this.clock.now();
    const existing = this.held.get(contract.conId);
    if (existing) {
      this.use(existing, now);
      return;
    }
    if (this.held.size >= this.options.maxLines) this.evictLeastRecent();
    const line = new HeldLine(contract.conId, contract.exchange, now);
    this.use(line, now);
    try {
      line.subscription = this.streaming.attach(symbol, contract, {
        listener: () => undefined,
        onError: () => this.release(line),
      });
    } catch {
      return;
    }
    this.held.set(contract.conId, line);
    this.arm(line, this.options.idleMs);
  }

  /** Closes every held line (the broker is stopping). */
  releaseAll(): void {
    for (const line of [...this.held.values()]) this.release(line);
  }

  /** conIds of the held lines, least recently quoted first. */
  list(): number[] {
    return [...this.held.values()].sort((a, b) => a.recency - b.recency).map((line) => line.conId);
  }

  private use(line: HeldLine, now: number): void {
    line.lastUsedMs = now;
    line.recency = ++this.uses;
  }

  private arm(line: HeldLine, delayMs: number): void {
    line.timer = this.clock.setTimeout(() => {
      line.timer = null;
      const idleMs = this.clock.now() - line.lastUsedMs;
      if (idleMs >= this.options.idleMs) this.release(line);
      else this.arm(line, this.options.idleMs - idleMs);
    }, delayMs);
  }

  private evictLeastRecent(): void {
    let oldest: HeldLine | undefined;
    for (const line of this.held.values()) if (!oldest || line.recency < oldest.recency) oldest = line;
    if (oldest) this.release(oldest);
  }

  private release(line: HeldLine): void {
    if (this.held.get(line.conId) === line) this.held.delete(line.conId);
    if (line.timer !== null) this.clock.clearTimeout(line.timer);
    line.timer = null;
    line.subscription?.unsubscribe();
    line.subscription = null;
  }
}
