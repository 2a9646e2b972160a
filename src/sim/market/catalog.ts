// The instrument registry: today's listing (rebuilt when the New York date changes, so expiries roll), stocks
// created on demand for any 1–5 letter symbol, and lookup by conId that still knows contracts listed earlier.

import { todayInNewYork } from "./calendar.js";
import { matchesQuery } from "./contract-query.js";
import { fnv1a32 } from "./hash.js";
import { otherStockRow, stockInstrument } from "./instrument-builders.js";
import { OTHER_STOCK_PATTERN, STOCK_TICK } from "./instrument-table.js";
import { listInstruments, tablePriceSpecs, type PriceSpec } from "./listing.js";
import type { Clock, ContractQuery, Instrument } from "./types.js";

const DERIVED_CONID_BASE = 500_000_000;
const DERIVED_CONID_RANGE = 400_000_000;
const ON_DEMAND_SEC_TYPES = new Set(["", "STK"]);

export class Catalog {
  private readonly known = new Map<number, Instrument>();
  private readonly identities = new Map<number, string>();
  private readonly onDemand = new Map<string, Instrument>();
  readonly priceSpecs: Map<string, PriceSpec> = tablePriceSpecs();
  private listed: Instrument[] = [];
  private day = Number.NaN;

  constructor(private readonly clock: Clock) {}

  /** Today's New York day number; rebuilds the listing when it changed. */
  today(): number {
    const today = todayInNewYork(this.clock.now());
    if (today !== this.day) this.rebuild(today);
    return today;
  }

  all(): Instrument[] {
    this.today();
    return [...this.listed, ...this.onDemand.values()];
  }

  get(conId: number): Instrument | undefined {
    this.today();
    return this.known.get(conId);
  }

  find(query: ContractQuery): Instrument[] {
    if (query.conId !== undefined && query.conId > 0) {
      const byId = this.get(query.conId);
      return byId === undefined ? [] : [byId];
    }
    const found = this.all().filter((instrument) => matchesQuery(instrument, query));
    if (found.length > 0) return found;
    const created = this.onDemandStock(query.symbol ?? "", query.secType ?? "");
    return created !== undefined && matchesQuery(created, query) ? [created] : [];
  }

  /** A listed or on-demand stock by symbol; undefined when the symbol is not 1–5 letters. */
  stock(symbol: string): Instrument | undefined {
    const listed = this.all().find((instrument) => instrument.secType === "STK" && instrument.symbol === symbol);
    return listed ?? this.onDemandStock(symbol, "STK");
  }

  private onDemandStock(rawSymbol: string, secType: string): Instrument | undefined {
    const symbol = rawSymbol.trim().toUpperCase();
    if (!OTHER_STOCK_PATTERN.test(symbol) || !ON_DEMAND_SEC_TYPES.has(secType.trim().toUpperCase())) return undefined;
    if (this.listed.some((instrument) => instrument.secType === "STK" && instrument.symbol === symbol))
      return undefined;
    const existing = this.onDemand.get(symbol);
    if (existing !== undefined) return existing;
    const created = stockInstrument(otherStockRow(symbol), this.today());
    this.onDemand.set(symbol, created);
    this.known.set(created.conId, created);
    this.priceSpecs.set(symbol, { reference: otherStockRow(symbol).reference, tick: STOCK_TICK, lastOnly: false });
    return created;
  }

  private rebuild(today: number): void {
    this.day = today;
    this.listed = listInstruments(today, (identity) => this.derivedConId(identity));
    for (const symbol of this.onDemand.keys()) this.onDemand.set(symbol, stockInstrument(otherStockRow(symbol), today));
    for (const instrument of [...this.listed, ...this.onDemand.values()]) this.known.set(instrument.conId, instrument);
  }

  /** Stable per identity; a (very unlikely) hash collision moves the later identity to the next free id. */
  private derivedConId(identity: string): number {
    let conId = DERIVED_CONID_BASE + (fnv1a32(identity) % DERIVED_CONID_RANGE);
    while (this.identities.has(conId) && this.identities.get(conId) !== identity) conId++;
    this.identities.set(conId, identity);
    return conId;
  }
}
