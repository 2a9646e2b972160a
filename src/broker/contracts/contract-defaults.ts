// Default exchange and currency per symbol and security type, applied only to missing values.
// Explicit values always win; this table never overrides them.
import type { SecurityType } from "../../domain/index.js";

const EXCHANGE_BY_SYMBOL: Readonly<Record<string, string>> = {
  AAPL: "SMART",
  MSFT: "SMART",
  GOOGL: "SMART",
  AMZN: "SMART",
  SPY: "SMART",
  QQQ: "SMART",
  IWM: "SMART",
  MES: "CME",
  MNQ: "CME",
  M2K: "CME",
  ES: "CME",
  NQ: "CME",
  RTY: "CME",
  MYM: "CBOT",
  YM: "CBOT",
  SPX: "CBOE",
  VIX: "CBOE",
  NDX: "NASDAQ",
};

const EXCHANGE_BY_TYPE: Partial<Record<SecurityType, string>> = {
  STK: "SMART",
  ETF: "SMART",
  OPT: "SMART",
  CASH: "IDEALPRO",
};

export const DEFAULT_CURRENCY = "USD";

/** The default exchange, or null when the broker should search all exchanges. */
export function defaultExchange(symbol: string, securityType: SecurityType): string | null {
  return EXCHANGE_BY_SYMBOL[symbol] ?? EXCHANGE_BY_TYPE[securityType] ?? null;
}
