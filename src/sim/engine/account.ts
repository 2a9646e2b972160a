// The simulated account: its initial state (cash 1,000,000; AAPL +100 @ 240; one front-month MES
// @ 5950), marked to the market's current prices for positions, portfolio, P&L, summary and account values.

import { midOf, round6, type Market } from "../market/index.js";
import { accountValueRows, summaryRows } from "./account-report.js";
import { Ledger, type FillInput } from "./ledger.js";
import type { AccountRow, AccountValueRow, PnlSingleView, PnlView, PortfolioView, PositionView } from "./types.js";
import { valueAccount, valuePosition, type AccountValuation, type MarkLookup } from "./valuation.js";

export class Account {
  private readonly ledger = new Ledger();
  private previousDayEquity = 0;

  constructor(
    private readonly market: Market,
    readonly id: string,
  ) {
    this.reset();
  }

  reset(): void {
    const aapl = this.market.find({ symbol: "AAPL", secType: "STK" })[0];
    const frontMes = this.market.find({ symbol: "MES", secType: "FUT" })[0];
    const initial = [
      ...(aapl === undefined ? [] : [{ instrument: aapl, position: 100, avgPrice: 240 }]),
      ...(frontMes === undefined ? [] : [{ instrument: frontMes, position: 1, avgPrice: 5950 }]),
    ];
    this.ledger.reset(initial);
    const atPriorClose: MarkLookup = (conId) => ({ mark: this.marks(conId).close, close: this.marks(conId).close });
    this.previousDayEquity = valueAccount(this.ledger.cash, this.ledger.positions(), 0, atPriorClose).netLiquidation;
  }

  applyFill(fill: FillInput): number | undefined {
    return this.ledger.applyFill(fill);
  }

  /** Last price, or the mid when there is no last; the prior close is the quote's close. */
  readonly marks: MarkLookup = (conId) => {
    const quote = this.market.quote(conId);
    return { mark: quote.last > 0 ? quote.last : midOf(quote), close: quote.close };
  };

  valuation(): AccountValuation {
    return valueAccount(this.ledger.cash, this.ledger.positions(), this.ledger.realized, this.marks);
  }

  /** Signed position held in a contract, 0 when none. */
  positionQuantity(conId: number): number {
    return this.ledger.get(conId)?.position ?? 0;
  }

  summary(): AccountRow[] {
    return summaryRows(this.valuation(), this.previousDayEquity);
  }

  values(): AccountValueRow[] {
    return accountValueRows(this.valuation(), this.id);
  }

  positions(): PositionView[] {
    return this.ledger.positions().map((record) => ({
      instrument: record.instrument,
      position: record.position,
      avgCost: round6(record.avgPrice * record.instrument.multiplier),
    }));
  }

  portfolio(): PortfolioView[] {
    return this.valuation().positions.map((p) => ({
      instrument: p.record.instrument,
      position: p.record.position,
      marketPrice: p.mark,
      marketValue: round6(p.marketValue),
      avgCost: round6(p.record.avgPrice * p.record.instrument.multiplier),
      unrealizedPnl: round6(p.unrealized),
      realizedPnl: round6(p.record.realized),
    }));
  }

  pnl(): PnlView {
    const valuation = this.valuation();
    return {
      daily: round6(valuation.daily),
      unrealized: round6(valuation.unrealized),
      realized: round6(valuation.realized),
    };
  }

  /** undefined when the account never held the contract since the last reset. */
  pnlSingle(conId: number): PnlSingleView | undefined {
    const record = this.ledger.get(conId);
    if (record === undefined) return undefined;
    const p = valuePosition(record, this.marks);
    return {
      position: record.position,
      daily: round6(p.daily),
      unrealized: round6(p.unrealized),
      realized: round6(record.realized),
      value: round6(p.marketValue),
    };
  }

  cash(): number {
    return round6(this.ledger.cash);
  }
}
