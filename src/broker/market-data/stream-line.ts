// One shared streaming market-data line for one contract: its subscribers, the ticks of its current broker request
// and the quote built from them (the snapshot's normalisation and source labels). It sends nothing to the broker.
import type { GatewayError, Quote, ResolvedContract } from "../../domain/index.js";
import type { IbSession } from "../ib-session.js";
import { SnapshotTicks } from "./snapshot-ticks.js";

export interface SubscriberHooks {
  listener: (quote: Quote) => void;
  /** The line ended at the broker (permission, unknown contract …); no quote follows. */
  onError?: (error: GatewayError) => void;
}

/** A callback of a subscriber threw; reported, never allowed to reach the library's event loop. */
export type ListenerFault = (error: unknown, symbol: string) => void;

export class Subscriber {
  active = true;

  constructor(
    readonly symbol: string,
    private readonly hooks: SubscriberHooks,
    /** The last quote this subscriber received (or the line's quote when it joined). */
    public latest: Quote | null,
    private readonly onFault: ListenerFault,
  ) {}

  deliver(quote: Quote): void {
    if (!this.active) return;
    this.latest = quote.symbol === this.symbol ? quote : { ...quote, symbol: this.symbol };
    this.guard(() => this.hooks.listener(this.latest as Quote));
  }

  fail(error: GatewayError): void {
    if (!this.active) return;
    this.active = false;
    this.guard(() => this.hooks.onError?.(error));
  }

  private guard(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.onFault(error, this.symbol);
    }
  }
}

export class StreamLine {
  readonly subscribers = new Set<Subscriber>();
  /** The broker request currently open for this line; null before the first one. */
  reqId: number | null = null;
  /** The session that request was sent on: a line is live only while that session is the ready one. */
  session: IbSession | null = null;
  private ticks = new SnapshotTicks();
  private current: Quote | null = null;
  /** Token of the flush queued for the current request; a restart orphans it. */
  private pendingFlush: object | null = null;

  constructor(
    readonly contract: ResolvedContract,
    /** The symbol of the first subscriber, used for the line's own quote. */
    readonly symbol: string,
    private readonly now: () => number,
  ) {}

  /** The newest quote of the current request; null until its first tick. */
  get quote(): Quote | null {
    return this.current;
  }

  /** A new broker request replaces the old one: its ticks and its data type start from nothing. */
  restart(reqId: number, session: IbSession | null): void {
    this.reqId = reqId;
    this.session = session;
    this.ticks = new SnapshotTicks();
    this.current = null;
    this.pendingFlush = null;
  }

  add(symbol: string, hooks: SubscriberHooks, onFault: ListenerFault): Subscriber {
    const subscriber = new Subscriber(symbol, hooks, this.current, onFault);
    this.subscribers.add(subscriber);
    return subscriber;
  }

  /** False when the subscriber had already left (unsubscribe is idempotent). */
  remove(subscriber: Subscriber): boolean {
    subscriber.active = false;
    return this.subscribers.delete(subscriber);
  }

  onNumber(tickType: number, value: number | undefined): void {
    this.ticks.onNumber(tickType, value);
    this.scheduleFlush();
  }

  onString(tickType: number, value: string): void {
    this.ticks.onString(tickType, value);
    this.scheduleFlush();
  }

  onMarketDataType(type: number): void {
    this.ticks.onMarketDataType(type);
  }

  onDelayedNotice(): void {
    this.ticks.onDelayedNotice();
  }

  /** Every subscriber receives the error once and is detached. */
  end(error: GatewayError): void {
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    for (const subscriber of subscribers) subscriber.fail(error);
  }

  /**
   * The library decodes a whole socket read synchronously, so one price move arrives as a burst of tick events
   * (price, its size, the synthetic size, volume, time). Subscribers get one quote per burst, not one per tick.
   */
  private scheduleFlush(): void {
    if (this.pendingFlush !== null) return;
    const token = {};
    this.pendingFlush = token;
    queueMicrotask(() => {
      if (this.pendingFlush !== token) return;
      this.pendingFlush = null;
      if (this.subscribers.size > 0) this.flush();
    });
  }

  private flush(): void {
    const quote = this.ticks.toQuote(this.symbol, this.contract.conId, this.now());
    this.current = quote;
    for (const subscriber of [...this.subscribers]) subscriber.deliver(quote);
  }
}
