// The simulated market: instruments, deterministic quotes (seeded mids, pins, an optional timed walk), option
// prices derived from the underlying, historical bars and option-chain parameters. No sockets and no wire format.

import { Catalog } from "./catalog.js";
import { parseYmd } from "./calendar.js";
import { historicalBars, type HistoricalResult } from "./historical.js";
import { priceKeyOf } from "./listing.js";
import { optionMid, optionQuote } from "./option-pricing.js";
import { BASE_VOLUME, applyPin, initialState, midOf, quoteOf, walkStep, type PriceState } from "./price-model.js";
import type {
  Clock,
  ContractQuery,
  HistoricalError,
  HistoricalQuery,
  Instrument,
  OptionParams,
  PinFields,
  PriceEntry,
  Quote,
} from "./types.js";

const NO_QUOTE: Quote = {
  bid: 0,
  ask: 0,
  last: 0,
  bidSize: 0,
  askSize: 0,
  lastSize: 0,
  volume: 0,
  high: 0,
  low: 0,
  open: 0,
  close: 0,
};

export class Market {
  private readonly seed: number;
  private readonly clock: Clock;
  private readonly walkMs: number;
  private readonly catalog: Catalog;
  private readonly states = new Map<string, PriceState>();
  private readonly optionPins = new Map<number, PinFields>();
  private readonly fills = new Map<number, number>();
  private readonly listeners = new Set<(conId: number) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(opts: { seed: number; clock: Clock; walkMs?: number }) {
    this.seed = opts.seed;
    this.clock = opts.clock;
    this.walkMs = opts.walkMs ?? 0;
    this.catalog = new Catalog(opts.clock);
    this.seedStates();
  }

  /** Matching instruments, [] when none; an unknown 1–5 letter STK symbol becomes a stock at reference 100. */
  find(query: ContractQuery): Instrument[] {
    const found = this.catalog.find(query);
    for (const instrument of found) this.stateOf(instrument);
    return found;
  }

  byConId(conId: number): Instrument | undefined {
    return this.catalog.get(conId);
  }

  /** Every instrument listed today plus the stocks created on demand so far. */
  instruments(): Instrument[] {
    return this.catalog.all();
  }

  /** The current quote; an unknown conId gets an all-zero quote (prices 0 = not available). */
  quote(conId: number): Quote {
    const instrument = this.catalog.get(conId);
    if (instrument === undefined) return { ...NO_QUOTE };
    if (instrument.secType === "OPT") return this.optionQuote(instrument);
    return quoteOf(this.stateOf(instrument), this.fills.get(conId) ?? 0);
  }

  /**
   * Pins bid/ask/last of a symbol (a stock, a futures root for all its expiries, an index, an FX pair such as
   * EUR.USD, or one option by its local symbol). Returns the new quotes of the pinned contracts, undefined if unknown.
   */
  pin(symbol: string, fields: PinFields): Quote[] | undefined {
    const wanted = symbol.trim().toUpperCase();
    const targets = this.pinTargets(wanted, symbol.trim());
    const [first] = targets;
    if (first === undefined) return undefined;
    if (first.secType === "OPT") {
      this.optionPins.set(first.conId, { ...this.optionPins.get(first.conId), ...fields });
      this.notify([first]);
    } else {
      applyPin(this.stateOf(first), fields);
      this.notify(this.dependents(priceKeyOf(first)));
    }
    return targets.map((instrument) => this.quote(instrument.conId));
  }

  onPriceChange(listener: (conId: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the timed walk (no-op when walkMs is 0). */
  start(): void {
    if (this.walkMs <= 0 || this.timer !== undefined) return;
    this.timer = setInterval(() => this.walkOnce(), this.walkMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One step of the walk for every unpinned price key: what the timer does every walkMs. */
  walkOnce(): void {
    const moved: Instrument[] = [];
    for (const [key, state] of this.states) {
      if (walkStep(state)) moved.push(...this.dependents(key));
    }
    this.notify(moved);
  }

  /** Volume grows with simulated fills. Not a price change, so no listener is called. */
  addVolume(conId: number, quantity: number): void {
    this.fills.set(conId, (this.fills.get(conId) ?? 0) + quantity);
  }

  historicalBars(query: HistoricalQuery): HistoricalResult | HistoricalError {
    const instrument = this.catalog.get(query.conId);
    if (instrument === undefined) return { code: 200, error: "No security definition has been found for the request" };
    return historicalBars(instrument, this.quote(instrument.conId), query, this.seed);
  }

  optionParams(underConId: number): OptionParams[] {
    const chain = this.catalog
      .all()
      .filter((instrument) => instrument.secType === "OPT" && instrument.underConId === underConId);
    const first = chain[0];
    if (first === undefined) return [];
    const expirations = [...new Set(chain.map((option) => option.lastTradeDate))].sort();
    const strikes = [...new Set(chain.map((option) => option.strike))].sort((a, b) => a - b);
    return [
      {
        exchange: "SMART",
        tradingClass: first.tradingClass,
        multiplier: String(first.multiplier),
        expirations,
        strikes,
      },
    ];
  }

  /** Quotes of every non-option instrument, for the control API's state view. */
  prices(): PriceEntry[] {
    return this.catalog
      .all()
      .filter((instrument) => instrument.secType !== "OPT")
      .map((instrument) => ({
        symbol: instrument.symbol,
        conId: instrument.conId,
        secType: instrument.secType,
        localSymbol: instrument.localSymbol,
        pinned: this.stateOf(instrument).pinned,
        quote: this.quote(instrument.conId),
      }));
  }

  /** Back to the seeded initial prices: pins, walk progress and fill volume are dropped; listeners are notified. */
  reset(): void {
    this.states.clear();
    this.optionPins.clear();
    this.fills.clear();
    this.seedStates();
    this.notify(this.catalog.all());
  }

  private seedStates(): void {
    for (const instrument of this.catalog.all()) this.stateOf(instrument);
  }

  private stateOf(instrument: Instrument): PriceState {
    const key = priceKeyOf(instrument);
    let state = this.states.get(key);
    if (state === undefined) {
      const spec = this.catalog.priceSpecs.get(key) ?? { reference: 100, tick: instrument.minTick, lastOnly: false };
      state = initialState(this.seed, key, spec.reference, spec.tick, spec.lastOnly);
      this.states.set(key, state);
    }
    return state;
  }

  private optionQuote(option: Instrument): Quote {
    const underlying = this.stateOf(option);
    const days = parseYmd(option.lastTradeDate) - this.catalog.today();
    const mid = optionMid(option.right === "P" ? "P" : "C", option.strike, midOf(underlying), days);
    const priorClose = optionMid(option.right === "P" ? "P" : "C", option.strike, underlying.close, days);
    const quote = optionQuote(mid, priorClose, BASE_VOLUME + (this.fills.get(option.conId) ?? 0));
    return { ...quote, ...this.optionPins.get(option.conId) };
  }

  /** A price key's own instruments first (stock, or every futures expiry), then options priced from it. */
  private dependents(key: string): Instrument[] {
    const all = this.catalog.all();
    const own = all.filter((instrument) => instrument.secType !== "OPT" && priceKeyOf(instrument) === key);
    return [...own, ...all.filter((instrument) => instrument.secType === "OPT" && instrument.underSymbol === key)];
  }

  /** Price keys first (an FX pair also answers to its base symbol), then an option's local symbol, then any stock. */
  private pinTargets(upper: string, exact: string): Instrument[] {
    const own = this.catalog
      .all()
      .filter(
        (instrument) =>
          instrument.secType !== "OPT" &&
          (priceKeyOf(instrument) === upper || (instrument.secType === "CASH" && instrument.symbol === upper)),
      );
    if (own.length > 0) return own;
    const option = this.catalog
      .all()
      .find((instrument) => instrument.secType === "OPT" && instrument.localSymbol === exact);
    if (option !== undefined) return [option];
    const stock = this.catalog.stock(upper);
    if (stock === undefined) return [];
    this.stateOf(stock);
    return [stock];
  }

  private notify(instruments: Instrument[]): void {
    for (const instrument of instruments) {
      for (const listener of [...this.listeners]) listener(instrument.conId);
    }
  }
}
