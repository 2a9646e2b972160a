// Shared streaming quotes: one streaming reqMktData per contract whatever the number of subscribers, cancelled when
// the last one leaves, re-requested under a new id after a new socket or notice 1101.
// Errors are classified as for snapshots. The snapshot path (snapshot-quote.ts) is separate and untouched.
import { EventName } from "@stoqey/ib";
import type { GatewayError, Quote, ResolvedContract } from "../../domain/index.js";
import type { ReadyContext } from "../connection-status.js";
import type { Connection } from "../connection.js";
import { resolvedToIbContract } from "../contracts/contract-details.js";
import { classifyMarketDataError } from "../error-classification.js";
import type { BrokerLogger, Clock } from "../hooks.js";
import type { IbSession } from "../ib-session.js";
import { idOf } from "../request-id.js";
import { DELAYED_DATA_NOTICE, isNonFatalCode, TwsError } from "../tws-error.js";
import { StreamLine, type Subscriber, type SubscriberHooks } from "./stream-line.js";

/** A caller's share of a streaming line. */
export interface Subscription {
  readonly conId: number;
  /** The newest quote this subscription received (or the line's newest when it joined); null before any. */
  latest(): Quote | null;
  /** Leaves the line; the last subscriber to leave cancels it at the broker. Idempotent, never throws. */
  unsubscribe(): void;
}

/** One streaming line as seen from outside (health, a quote cache). */
export interface StreamStatus {
  conId: number;
  symbol: string;
  subscribers: number;
  /** The line is open on the current ready session (false while disconnected or after 1100). */
  live: boolean;
}

export interface StreamingDeps {
  connection: Connection;
  clock: Clock;
  logger: BrokerLogger;
}

export class StreamingQuotes {
  private readonly lines = new Map<number, StreamLine>();
  private readonly byReqId = new Map<number, StreamLine>();

  constructor(private readonly deps: StreamingDeps) {
    this.listen();
    deps.connection.onReady((context) => this.onReady(context));
  }

  /** Joins the contract's line, opening it at the broker if it is the first subscriber. Fails fast when not ready. */
  attach(symbol: string, contract: ResolvedContract, hooks: SubscriberHooks): Subscription {
    const session = this.deps.connection.requireReady();
    let line = this.lines.get(contract.conId);
    if (!line) {
      line = new StreamLine(contract, symbol, () => this.deps.clock.now());
      this.lines.set(contract.conId, line);
      this.request(line, session);
    }
    const joined = line;
    const subscriber = joined.add(symbol, hooks, (error, failed) =>
      this.deps.logger.warning("Quote subscriber callback threw", { error, symbol: failed }),
    );
    return {
      conId: contract.conId,
      latest: () => subscriber.latest,
      unsubscribe: () => this.leave(joined, subscriber),
    };
  }

  /** The newest quote of a line open on the current ready session; null when there is none or it is not live. */
  latestQuote(conId: number): Quote | null {
    const line = this.lines.get(conId);
    return line && this.isLive(line) ? line.quote : null;
  }

  list(): StreamStatus[] {
    return [...this.lines.values()].map((line) => ({
      conId: line.contract.conId,
      symbol: line.symbol,
      subscribers: line.subscribers.size,
      live: this.isLive(line),
    }));
  }

  private isLive(line: StreamLine): boolean {
    const session = this.deps.connection.readySession;
    return session !== null && line.session === session;
  }

  private leave(line: StreamLine, subscriber: Subscriber): void {
    if (line.remove(subscriber) && line.subscribers.size === 0) this.close(line);
  }

  /** Forgets the line; cancels it at the broker when the session it was opened on is still open. */
  private close(line: StreamLine): void {
    if (this.lines.get(line.contract.conId) === line) this.lines.delete(line.contract.conId);
    const { reqId, session } = line;
    if (reqId === null) return;
    this.byReqId.delete(reqId);
    if (session && !session.isDisposed) session.pacer.data(() => session.api.cancelMktData(reqId));
  }

  /** A fresh request id every time: a new socket or a 1101 never reuses the id of a line the broker dropped. */
  private request(line: StreamLine, session: IbSession): void {
    if (line.reqId !== null) this.byReqId.delete(line.reqId);
    const reqId = this.deps.connection.registry.allocateId();
    line.restart(reqId, session);
    this.byReqId.set(reqId, line);
    const contract = resolvedToIbContract(line.contract);
    session.pacer.data(() => session.api.reqMktData(reqId, contract, "", false, false));
  }

  /** New socket: every line is gone. 1101: the broker dropped them. 1102: they are still open. */
  private onReady({ session, dataLost }: ReadyContext): void {
    for (const line of this.lines.values()) {
      if (dataLost || line.session !== session) this.request(line, session);
    }
  }

  private listen(): void {
    const events = this.deps.connection.events;
    const line = (reqId: unknown): StreamLine | undefined => this.byReqId.get(idOf(reqId));
    events.on(EventName.tickPrice, (reqId: number, field: number, value: number) =>
      line(reqId)?.onNumber(field, value),
    );
    events.on(EventName.tickSize, (reqId: number, field?: number, value?: number) => {
      if (field !== undefined) line(reqId)?.onNumber(field, value);
    });
    events.on(EventName.tickString, (reqId: number, field: number, value: string) =>
      line(reqId)?.onString(field, value),
    );
    events.on(EventName.marketDataType, (reqId: number, type: number) => line(reqId)?.onMarketDataType(type));
    events.on(EventName.error, (error: Error, code: number, reqId: number) => {
      const target = line(reqId);
      if (target) this.onLineError(target, new TwsError(code, idOf(reqId), error.message));
    });
  }

  private onLineError(line: StreamLine, error: TwsError): void {
    if (error.code === DELAYED_DATA_NOTICE) {
      line.onDelayedNotice();
      return;
    }
    if (isNonFatalCode(error.code, error.message)) return;
    const failure: GatewayError = classifyMarketDataError(error);
    this.deps.logger.warning("Streaming quote line ended by the broker", {
      conId: line.contract.conId,
      code: error.code,
      message: error.message,
    });
    this.close(line);
    line.end(failure);
  }
}
