// Reference data of the simulated instruments: symbols, listed conIds, reference prices, multipliers.
// Declarative only. Contract dates are not here: futures and option expiries follow the clock (listing.ts).

export interface StockRow {
  symbol: string;
  conId: number;
  reference: number;
  primaryExchange: string;
  tradingClass: string;
  longName: string;
  industry: string;
  category: string;
  stockType: "COMMON" | "ETF";
}

export const STOCKS: readonly StockRow[] = [
  {
    symbol: "AAPL",
    conId: 265598,
    reference: 250,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "APPLE INC",
    industry: "Technology",
    category: "Computers",
    stockType: "COMMON",
  },
  {
    symbol: "MSFT",
    conId: 272093,
    reference: 400,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "MICROSOFT CORP",
    industry: "Technology",
    category: "Software",
    stockType: "COMMON",
  },
  {
    symbol: "GOOGL",
    conId: 208813720,
    reference: 175,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "ALPHABET INC-CL A",
    industry: "Communications",
    category: "Internet",
    stockType: "COMMON",
  },
  {
    symbol: "AMZN",
    conId: 3691937,
    reference: 200,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "AMAZON.COM INC",
    industry: "Communications",
    category: "Internet",
    stockType: "COMMON",
  },
  {
    symbol: "META",
    conId: 107113386,
    reference: 550,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "META PLATFORMS INC-CLASS A",
    industry: "Communications",
    category: "Internet",
    stockType: "COMMON",
  },
  {
    symbol: "NVDA",
    conId: 4815747,
    reference: 140,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "NVIDIA CORP",
    industry: "Technology",
    category: "Semiconductors",
    stockType: "COMMON",
  },
  {
    symbol: "TSLA",
    conId: 76792991,
    reference: 250,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "TESLA INC",
    industry: "Consumer, Cyclical",
    category: "Auto Manufacturers",
    stockType: "COMMON",
  },
  {
    symbol: "SPY",
    conId: 756733,
    reference: 600,
    primaryExchange: "ARCA",
    tradingClass: "SPY",
    longName: "SPDR S&P 500 ETF TRUST",
    industry: "Funds",
    category: "Equity Fund",
    stockType: "ETF",
  },
  {
    symbol: "QQQ",
    conId: 320227571,
    reference: 525,
    primaryExchange: "NASDAQ",
    tradingClass: "NMS",
    longName: "INVESCO QQQ TRUST SERIES 1",
    industry: "Funds",
    category: "Equity Fund",
    stockType: "ETF",
  },
  {
    symbol: "IWM",
    conId: 9579970,
    reference: 225,
    primaryExchange: "ARCA",
    tradingClass: "IWM",
    longName: "ISHARES RUSSELL 2000 ETF",
    industry: "Funds",
    category: "Equity Fund",
    stockType: "ETF",
  },
];

/** Any other symbol of 1–5 letters is a stock at this reference price. */
export const OTHER_STOCK_REFERENCE = 100;
export const OTHER_STOCK_PATTERN = /^[A-Z]{1,5}$/;
export const STOCK_TICK = 0.01;

export interface FutureRow {
  symbol: string;
  multiplier: number;
  reference: number;
  longName: string;
}

export const FUTURE_ROOTS: readonly FutureRow[] = [
  { symbol: "ES", multiplier: 50, reference: 6000, longName: "E-mini S&P 500" },
  { symbol: "MES", multiplier: 5, reference: 6000, longName: "Micro E-Mini S&P 500 Stock Price Index" },
  { symbol: "NQ", multiplier: 20, reference: 21000, longName: "E-mini NASDAQ 100" },
  { symbol: "MNQ", multiplier: 2, reference: 21000, longName: "Micro E-Mini Nasdaq-100 Index" },
];
export const FUTURE_TICK = 0.25;
export const FUTURE_EXPIRY_COUNT = 4;

export interface IndexRow {
  symbol: string;
  exchange: string;
  reference: number;
  longName: string;
}

export const INDICES: readonly IndexRow[] = [
  { symbol: "SPX", exchange: "CBOE", reference: 6000, longName: "S&P 500 Stock Index" },
  { symbol: "VIX", exchange: "CBOE", reference: 15, longName: "CBOE Volatility Index" },
  { symbol: "NDX", exchange: "NASDAQ", reference: 21000, longName: "NASDAQ 100 Stock Index" },
];
export const INDEX_TICK = 0.01;

export interface FxRow {
  symbol: string;
  currency: string;
  reference: number;
  tick: number;
  longName: string;
}

export const FX_PAIRS: readonly FxRow[] = [
  { symbol: "EUR", currency: "USD", reference: 1.1, tick: 0.00005, longName: "European Monetary Union Euro" },
];

export interface OptionChainRow {
  underlying: string;
  lowStrike: number;
  highStrike: number;
  strikeStep: number;
}

export const OPTION_CHAINS: readonly OptionChainRow[] = [
  { underlying: "AAPL", lowStrike: 200, highStrike: 300, strikeStep: 5 },
  { underlying: "SPY", lowStrike: 550, highStrike: 650, strikeStep: 5 },
];
export const OPTION_MULTIPLIER = 100;
export const OPTION_TICK = 0.01;
export const OPTION_EXPIRY_COUNT = 3;
