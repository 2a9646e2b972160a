// The market-data part of the broker: contract resolution, then a snapshot quote, historical bars, or a
// share of a streaming quote line (streaming-quotes.ts). Quotes are snapshots unless warm quotes from held streaming
// lines are turned on (held-lines.ts, QUOTE_STREAM_IDLE_SEC).
import type {
  GatewayError,
  HistoricalBarsRequest,
  HistoricalBarsResponse,
  Quote,
  SymbolSpec,
} from "../../domain/index.js";
import type { Connection } from "../connection.js";
import type { ContractResolver } from "../contracts/contract-resolver.js";
import type { BrokerLogger, Clock } from "../hooks.js";
import { parseHistoricalParams, requestHistoricalBars } from "./historical-data.js";
import { PacingGovernor } from "./pacing-governor.js";
import { HeldLines, type HeldLinesOptions } from "./held-lines.js";
import { SharedSnapshots } from "./shared-snapshots.js";
import { StreamingQuotes, type StreamStatus, type Subscription } from "./streaming-quotes.js";

export interface MarketDataDeps {
  connection: Connection;
  resolver: ContractResolver;
  clock: Clock;
  logger: BrokerLogger;
  quoteTimeoutMs: number;
  historicalTimeoutMs: number;
  /** Answer warm quotes from held streaming lines; omitted = every quote is a snapshot. */
  heldLines?: HeldLinesOptions;
}

export interface CallOptions {
  /** Overrides the broker timeout. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SubscribeOptions {
  /** Called once if the broker ends the line (permission, unknown contract …); no quote follows. */
  onError?: (error: GatewayError) => void;
  /** Aborts the contract resolution; once subscribed, aborting unsubscribes. */
  signal?: AbortSignal;
}

function instrumentOf(request: SymbolSpec): SymbolSpec {
  const { symbol, securityType, exchange, currency, expiry, strike, right, multiplier, conId } = request;
  return { symbol, securityType, exchange, currency, expiry, strike, right, multiplier, conId };
}

export class MarketDataService {
  private readonly governor = new PacingGovernor();
  private readonly streaming: StreamingQuotes;
  private readonly snapshots: SharedSnapshots;
  private readonly held: HeldLines | null;

  constructor(private readonly deps: MarketDataDeps) {
    this.streaming = new StreamingQuotes(deps);
    this.snapshots = new SharedSnapshots(deps);
    this.held = deps.heldLines ? new HeldLines(this.streaming, deps.clock, deps.heldLines) : null;
  }

  async quote(request: SymbolSpec, options: CallOptions = {}): Promise<Quote> {
    const contract = await this.deps.resolver.resolve(instrumentOf(request), options.signal);
    const warm = this.held?.answer(request.symbol, contract);
    if (warm) return warm;
    const timeoutMs = options.timeoutMs ?? this.deps.quoteTimeoutMs;
    const quote = await this.snapshots.quote(request.symbol, contract, timeoutMs, options.signal);
    this.held?.hold(request.symbol, contract);
    return quote;
  }

  /** conIds of the lines held for warm quotes, least recently quoted first (empty when warm quotes are off). */
  heldLines(): number[] {
    return this.held?.list() ?? [];
  }

  /** Closes the held lines (the broker is stopping). */
  stop(): void {
    this.held?.releaseAll();
  }

  async historical(request: HistoricalBarsRequest, options: CallOptions = {}): Promise<HistoricalBarsResponse> {
    const params = parseHistoricalParams(request, this.deps.clock.now());
    const contract = await this.deps.resolver.resolve(instrumentOf(request), options.signal);
    const timeoutMs = options.timeoutMs ?? this.deps.historicalTimeoutMs;
    const deps = { ...this.deps, governor: this.governor };
    return requestHistoricalBars(deps, request.symbol, contract, params, { timeoutMs, signal: options.signal });
  }

  /**
   * Streams quotes of the instrument to `listener` (one quote per broker update, normalised as snapshots are). Every
   * subscriber of a contract shares one broker line; it survives reconnects. Fails fast while not ready.
   */
  async subscribe(
    request: SymbolSpec,
    listener: (quote: Quote) => void,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    this.deps.connection.requireReady();
    const contract = await this.deps.resolver.resolve(instrumentOf(request), options.signal);
    const { signal, onError } = options;
    signal?.throwIfAborted();
    const subscription = this.streaming.attach(request.symbol, contract, { listener, onError });
    signal?.addEventListener("abort", () => subscription.unsubscribe(), { once: true });
    return subscription;
  }

  /** The newest streamed quote of a contract with a live line, else null (snapshots are never cached here). */
  latestQuote(conId: number): Quote | null {
    return this.streaming.latestQuote(conId);
  }

  /** The open streaming lines with their subscriber counts. */
  streams(): StreamStatus[] {
    return this.streaming.list();
  }
}
