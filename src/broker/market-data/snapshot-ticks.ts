// Accumulates the ticks of one snapshot and turns them into a Quote. Pure: tick ids in, a
// domain Quote out; no subscriptions, no timers.
import type { Quote, QuoteSource } from "../../domain/index.js";

type QuoteField = "bid" | "ask" | "last" | "bidSize" | "askSize" | "lastSize" | "volume";

/** Live and delayed tick ids of the fields a quote carries. */
const FIELD_BY_TICK: Readonly<Record<number, QuoteField>> = {
  1: "bid",
  2: "ask",
  4: "last",
  0: "bidSize",
  3: "askSize",
  5: "lastSize",
  8: "volume",
  66: "bid",
  67: "ask",
  68: "last",
  69: "bidSize",
  70: "askSize",
  71: "lastSize",
  74: "volume",
};
const LAST_TIMESTAMP_TICKS = new Set([45, 88]);

const SOURCE_BY_TYPE: Readonly<Record<number, QuoteSource>> = {
  1: "IBKR_SNAPSHOT",
  2: "IBKR_FROZEN",
  3: "IBKR_DELAYED",
  4: "IBKR_DELAYED_FROZEN",
};

/** -1 ("no market"), NaN and missing values all mean "not available", which the contract spells 0. */
function clean(value: number | undefined): number {
  return value === undefined || !Number.isFinite(value) || value === -1 ? 0 : value;
}

export class SnapshotTicks {
  private readonly values: Partial<Record<QuoteField, number>> = {};
  private lastTradeEpochSec: number | null = null;
  private deliveredType: number | null = null;
  private delayedNotice = false;

  onNumber(tickType: number, value: number | undefined): void {
    const field = FIELD_BY_TICK[tickType];
    if (field && value !== undefined) this.values[field] = value;
  }

  onString(tickType: number, value: string): void {
    if (LAST_TIMESTAMP_TICKS.has(tickType) && /^\d+$/.test(value)) this.lastTradeEpochSec = Number(value);
  }

  onMarketDataType(type: number): void {
    this.deliveredType = type;
  }

  /** Broker notice 10167: the data is delayed even if no market-data-type message said so. */
  onDelayedNotice(): void {
    this.delayedNotice = true;
  }

  /** True once any of bid, ask or last arrived with a usable value. */
  get hasAnyPrice(): boolean {
    return (["bid", "ask", "last"] as const).some((f) => clean(this.values[f]) !== 0);
  }

  get source(): QuoteSource {
    let type = this.deliveredType ?? 1;
    if (this.delayedNotice && type < 3) type = 3;
    return SOURCE_BY_TYPE[type] ?? "IBKR_SNAPSHOT";
  }

  toQuote(symbol: string, conId: number, receivedAtMs: number): Quote {
    const v = this.values;
    return {
      symbol,
      conId,
      bid: clean(v.bid),
      ask: clean(v.ask),
      last: clean(v.last),
      bidSize: Math.max(0, clean(v.bidSize)),
      askSize: Math.max(0, clean(v.askSize)),
      lastSize: Math.max(0, clean(v.lastSize)),
      volume: Math.max(0, clean(v.volume)),
      timestamp: new Date(receivedAtMs).toISOString(),
      lastTradeTime: this.lastTradeEpochSec === null ? null : new Date(this.lastTradeEpochSec * 1000).toISOString(),
      source: this.source,
    };
  }
}
