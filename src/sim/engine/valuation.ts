// Marks the ledger to market: position values, unrealized and daily P&L, net liquidation and margin.
// Pure arithmetic over the ledger and a price lookup; formatting for the wire is in account-report.ts.

import type { PositionRecord } from "./ledger.js";
import { addMargins, positionMargin, type Margin } from "./margin.js";

/** Mark price (last, or mid when there is no last) and prior close of a contract. */
export type MarkLookup = (conId: number) => { mark: number; close: number };

export interface PositionValuation {
  record: PositionRecord;
  mark: number;
  marketValue: number;
  unrealized: number;
  daily: number;
}

export interface AccountValuation {
  cash: number;
  positions: PositionValuation[];
  /** Market value of stocks, options and FX (futures carry no value, only P&L). */
  securitiesValue: number;
  grossPositionValue: number;
  futuresUnrealized: number;
  unrealized: number;
  daily: number;
  realized: number;
  netLiquidation: number;
  margin: Margin;
}

export function valuePosition(record: PositionRecord, marks: MarkLookup): PositionValuation {
  const { mark, close } = marks(record.instrument.conId);
  const multiplier = record.instrument.multiplier;
  const marketValue = record.position * mark * multiplier;
  return {
    record,
    mark,
    marketValue,
    unrealized: marketValue - record.avgPrice * multiplier * record.position,
    daily: (mark - close) * record.position * multiplier + record.realized,
  };
}

export function valueAccount(
  cash: number,
  records: PositionRecord[],
  realized: number,
  marks: MarkLookup,
): AccountValuation {
  const positions = records.map((record) => valuePosition(record, marks));
  const securities = positions.filter((p) => p.record.instrument.secType !== "FUT");
  const futures = positions.filter((p) => p.record.instrument.secType === "FUT");
  const securitiesValue = securities.reduce((sum, p) => sum + p.marketValue, 0);
  const futuresUnrealized = futures.reduce((sum, p) => sum + p.unrealized, 0);
  const marginOf = (p: PositionValuation): Margin => positionMargin(p.record.instrument, p.record.position, p.mark);
  return {
    cash,
    positions,
    securitiesValue,
    grossPositionValue: securities.reduce((sum, p) => sum + Math.abs(p.marketValue), 0),
    futuresUnrealized,
    unrealized: positions.reduce((sum, p) => sum + p.unrealized, 0),
    daily: positions.reduce((sum, p) => sum + p.daily - p.record.realized, 0) + realized,
    realized,
    netLiquidation: cash + securitiesValue + futuresUnrealized,
    margin: positions.map(marginOf).reduce(addMargins, { initial: 0, maintenance: 0 }),
  };
}
