// Account figures in the shapes the wire carries: account-summary tags and account-update key/values as strings
// (money with 2 decimals, USD; ratios without currency). Derived from a valuation; computes nothing new.

import type { AccountRow, AccountValueRow } from "./types.js";
import type { AccountValuation } from "./valuation.js";

const USD = "USD";

function money(value: number): string {
  return value.toFixed(2);
}

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? "0" : (numerator / denominator).toFixed(6);
}

export interface Figures {
  netLiquidation: number;
  cash: number;
  initMargin: number;
  maintMargin: number;
  excessLiquidity: number;
  availableFunds: number;
  buyingPower: number;
  grossPositionValue: number;
}

/** ExcessLiquidity = NLV − maintenance; AvailableFunds = NLV − initial; BuyingPower = 4 × ExcessLiquidity. */
function figuresOf(valuation: AccountValuation): Figures {
  const excessLiquidity = valuation.netLiquidation - valuation.margin.maintenance;
  return {
    netLiquidation: valuation.netLiquidation,
    cash: valuation.cash,
    initMargin: valuation.margin.initial,
    maintMargin: valuation.margin.maintenance,
    excessLiquidity,
    availableFunds: valuation.netLiquidation - valuation.margin.initial,
    buyingPower: 4 * excessLiquidity,
    grossPositionValue: valuation.grossPositionValue,
  };
}

/** Every tag of IB's official account-summary list, in that order. */
export function summaryRows(valuation: AccountValuation, previousDayEquity: number): AccountRow[] {
  const f = figuresOf(valuation);
  const rows: [string, string, string][] = [
    ["AccountType", "INDIVIDUAL", ""],
    ["NetLiquidation", money(f.netLiquidation), USD],
    ["TotalCashValue", money(f.cash), USD],
    ["SettledCash", money(f.cash), USD],
    ["AccruedCash", money(0), USD],
    ["BuyingPower", money(f.buyingPower), USD],
    ["EquityWithLoanValue", money(f.netLiquidation), USD],
    ["PreviousDayEquityWithLoanValue", money(previousDayEquity), USD],
    ["GrossPositionValue", money(f.grossPositionValue), USD],
    ["RegTEquity", money(f.netLiquidation), USD],
    ["RegTMargin", money(f.initMargin), USD],
    ["SMA", money(f.availableFunds), USD],
    ["InitMarginReq", money(f.initMargin), USD],
    ["MaintMarginReq", money(f.maintMargin), USD],
    ["AvailableFunds", money(f.availableFunds), USD],
    ["ExcessLiquidity", money(f.excessLiquidity), USD],
    ["Cushion", ratio(f.excessLiquidity, f.netLiquidation), ""],
    ["FullInitMarginReq", money(f.initMargin), USD],
    ["FullMaintMarginReq", money(f.maintMargin), USD],
    ["FullAvailableFunds", money(f.availableFunds), USD],
    ["FullExcessLiquidity", money(f.excessLiquidity), USD],
    ["LookAheadNextChange", "0", ""],
    ["LookAheadInitMarginReq", money(f.initMargin), USD],
    ["LookAheadMaintMarginReq", money(f.maintMargin), USD],
    ["LookAheadAvailableFunds", money(f.availableFunds), USD],
    ["LookAheadExcessLiquidity", money(f.excessLiquidity), USD],
    ["HighestSeverity", "0", ""],
    ["DayTradesRemaining", "-1", ""],
    ["Leverage", ratio(f.grossPositionValue, f.netLiquidation), ""],
  ];
  return rows.map(([tag, value, currency]) => ({ tag, value, currency }));
}

function marketValueOf(valuation: AccountValuation, secType: string): number {
  return valuation.positions
    .filter((p) => p.record.instrument.secType === secType)
    .reduce((sum, p) => sum + p.marketValue, 0);
}

/** Cash-ledger keys: TWS repeats them for BASE and each currency, and answers them to `$LEDGER` summary tags. */
export const LEDGER_KEYS: ReadonlySet<string> = new Set([
  "Currency",
  "CashBalance",
  "TotalCashBalance",
  "NetLiquidationByCurrency",
  "StockMarketValue",
  "OptionMarketValue",
  "FuturesPNL",
  "UnrealizedPnL",
  "RealizedPnL",
  "ExchangeRate",
]);

/** BASE first, as TWS sends them: a client that keeps the last currency seen ends up with the real one. */
const LEDGER_CURRENCIES = ["BASE", USD];

function perCurrencyValues(valuation: AccountValuation, f: Figures): [string, number][] {
  return [
    ["CashBalance", f.cash],
    ["TotalCashBalance", f.cash],
    ["NetLiquidationByCurrency", f.netLiquidation],
    ["StockMarketValue", marketValueOf(valuation, "STK")],
    ["OptionMarketValue", marketValueOf(valuation, "OPT")],
    ["FuturesPNL", valuation.futuresUnrealized],
    ["UnrealizedPnL", valuation.unrealized],
    ["RealizedPnL", valuation.realized],
    ["ExchangeRate", 1],
  ];
}

/** Key/values of reqAccountUpdates, in USD; ledger keys repeat for BASE, then USD, as TWS sends them. */
export function accountValueRows(valuation: AccountValuation, account: string): AccountValueRow[] {
  const f = figuresOf(valuation);
  const usdOnly: [string, number][] = [
    ["NetLiquidation", f.netLiquidation],
    ["TotalCashValue", f.cash],
    ["EquityWithLoanValue", f.netLiquidation],
    ["GrossPositionValue", f.grossPositionValue],
    ["InitMarginReq", f.initMargin],
    ["MaintMarginReq", f.maintMargin],
    ["AvailableFunds", f.availableFunds],
    ["ExcessLiquidity", f.excessLiquidity],
    ["BuyingPower", f.buyingPower],
  ];
  return [
    { key: "AccountCode", value: account, currency: "" },
    { key: "AccountReady", value: "true", currency: "" },
    { key: "AccountType", value: "INDIVIDUAL", currency: "" },
    ...LEDGER_CURRENCIES.map((currency) => ({ key: "Currency", value: currency, currency })),
    ...perCurrencyValues(valuation, f).flatMap(([key, value]) =>
      LEDGER_CURRENCIES.map((currency) => ({ key, value: money(value), currency })),
    ),
    ...usdOnly.map(([key, value]) => ({ key, value: money(value), currency: USD })),
    { key: "Cushion", value: ratio(f.excessLiquidity, f.netLiquidation), currency: "" },
    { key: "DayTradesRemaining", value: "-1", currency: "" },
    { key: "Leverage-S", value: ratio(f.grossPositionValue, f.netLiquidation), currency: "" },
  ];
}
