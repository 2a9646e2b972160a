// The order as the risk policy sees it: its figures, its valuation against the market and, when position or daily
// limits are set, the usage the operations counted.
import type { Exposure } from "./exposure.js";
import type { CollarBreach } from "./price-collar.js";

export interface RiskOrder {
  /** Instrument symbol as normalised (upper-case). */
  symbol: string;
  quantity: number;
  /** Broker orders this request creates: 3 for a bracket, else 1. */
  legs: number;
  /** False for instruments nobody can trade (indices): the broker would reject any order. */
  tradable: boolean;
  /** What the order can cost, valued against the market (exposure.ts). */
  exposure: Exposure;
  /** A limit or stop price too far from the market on the side that trades at once (price-collar.ts). */
  collar: CollarBreach | null;
  /** Position and today's usage; only gathered when MAX_POSITION_NOTIONAL or MAX_DAILY_NOTIONAL is set. */
  usage?: UsageFacts;
}

export interface UsageFacts {
  /** Signed position in this instrument before the order (shares or contracts); null when unknown. */
  position: number | null;
  /** Today's executed plus working exposure of the account in its base currency; null when unknown. */
  dailyNotional: number | null;
}
