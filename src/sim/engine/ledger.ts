// The account's books: cash, positions with average prices, and realized P&L. Applies fills (cash
// moves with stock/option/FX fills; futures move cash only through realized P&L and commissions). Valuation
// against market prices is in valuation.ts.

import type { Instrument } from "../market/index.js";

const INITIAL_CASH = 1_000_000;

export interface PositionRecord {
  instrument: Instrument;
  /** Signed: negative = short. A closed position stays listed with 0. */
  position: number;
  /** Average price per unit, commissions excluded (avgCost on the wire = avgPrice × multiplier). */
  avgPrice: number;
  realized: number;
}

export interface FillInput {
  instrument: Instrument;
  side: "BUY" | "SELL";
  quantity: number;
  price: number;
  commission: number;
}

function averagePrice(record: PositionRecord, signed: number, price: number): number {
  const next = record.position + signed;
  if (next === 0) return 0;
  const adding = record.position === 0 || Math.sign(record.position) === Math.sign(signed);
  if (adding) return (Math.abs(record.position) * record.avgPrice + Math.abs(signed) * price) / Math.abs(next);
  return Math.sign(next) === Math.sign(record.position) ? record.avgPrice : price;
}

export class Ledger {
  cash = INITIAL_CASH;
  /** Realized since the last reset: the simulator has no end of day, so this is "today". */
  realized = 0;
  private readonly records = new Map<number, PositionRecord>();

  reset(initial: { instrument: Instrument; position: number; avgPrice: number }[]): void {
    this.cash = INITIAL_CASH;
    this.realized = 0;
    this.records.clear();
    for (const entry of initial) this.records.set(entry.instrument.conId, { ...entry, realized: 0 });
  }

  positions(): PositionRecord[] {
    return [...this.records.values()];
  }

  get(conId: number): PositionRecord | undefined {
    return this.records.get(conId);
  }

  /** Books a fill; returns the realized P&L of its closing part net of this fill's commission, else undefined. */
  applyFill(fill: FillInput): number | undefined {
    const { instrument, quantity, price, commission } = fill;
    const record = this.records.get(instrument.conId) ?? { instrument, position: 0, avgPrice: 0, realized: 0 };
    this.records.set(instrument.conId, record);
    const signed = fill.side === "BUY" ? quantity : -quantity;
    const closing = record.position !== 0 && Math.sign(record.position) !== Math.sign(signed);
    const closedQuantity = closing ? Math.min(Math.abs(signed), Math.abs(record.position)) : 0;
    const gross = (price - record.avgPrice) * closedQuantity * instrument.multiplier * Math.sign(record.position);
    record.avgPrice = averagePrice(record, signed, price);
    record.position += signed;
    if (instrument.secType === "FUT") this.cash += gross - commission;
    else this.cash -= signed * price * instrument.multiplier + commission;
    if (!closing) return undefined;
    const realized = gross - commission;
    record.realized += realized;
    this.realized += realized;
    return realized;
  }
}
