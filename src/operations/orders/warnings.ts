// The preview warnings, in the contract's order and words. Pure: every condition arrives as data.
import { formatAmount, type OrderSpec, type Quote, type ResolvedContract } from "../../domain/index.js";
import type { WhatIfOutcome } from "../../broker/index.js";

const LARGE_ORDER_NOTIONAL = 100_000;
const SIMULATED_PREVIEW_WARNING = "Preview is simulated using current market data";
const BRACKET_WARNING = "Bracket order with 3 legs: entry, take profit, stop loss";

export interface WarningInputs {
  spec: OrderSpec;
  quote: Quote | null;
  /** Message of a quote failure the order type tolerates. */
  quoteError: string | null;
  estimatedNotional: number | null;
  /** Null at placement, where no what-if is requested. */
  whatIf: WhatIfOutcome | null;
  /** The resolved contract, whose currency the amounts are printed in (USD when absent). */
  contract?: Pick<ResolvedContract, "currency">;
}

export function orderWarnings(i: WarningInputs): string[] {
  const out: string[] = [];
  if (i.quote && i.quote.bid === 0 && i.quote.ask === 0) out.push("Market appears closed - bid/ask not available");
  if (i.quoteError !== null) out.push(`Market data unavailable: ${i.quoteError}`);
  if (i.quote && (i.quote.source === "IBKR_DELAYED" || i.quote.source === "IBKR_DELAYED_FROZEN")) {
    out.push("Market data is delayed");
  }
  if (i.estimatedNotional !== null && i.estimatedNotional > LARGE_ORDER_NOTIONAL) {
    out.push(`Large order: estimated notional ${formatAmount(i.estimatedNotional, currencyOf(i))}`);
  }
  const typeWarning = orderTypeWarning(i.spec, currencyOf(i));
  if (typeWarning) out.push(typeWarning);
  if (i.whatIf) out.push(...whatIfWarnings(i.whatIf));
  out.push(SIMULATED_PREVIEW_WARNING);
  if (i.spec.orderType === "BRACKET") out.push(BRACKET_WARNING);
  return out;
}

const currencyOf = (i: WarningInputs): string => i.contract?.currency.toUpperCase() ?? "USD";

function orderTypeWarning(spec: OrderSpec, currency: string): string | null {
  if (spec.orderType === "MOC") return "Market-on-close order will execute at market close";
  if (spec.orderType === "OPG" || spec.tif === "OPG") return "Market-on-open order will execute at market open";
  if (spec.orderType !== "TRAIL" && spec.orderType !== "TRAIL_LIMIT") return null;
  if (spec.trailingPercent != null) return `Trailing stop: ${spec.trailingPercent}% from high/low`;
  if (spec.trailingAmount != null) {
    return `Trailing stop: ${formatAmount(spec.trailingAmount, currency)} from high/low`;
  }
  return null;
}

function whatIfWarnings(whatIf: WhatIfOutcome): string[] {
  if (whatIf.ok) return whatIf.warningText ? [`Broker warning: ${whatIf.warningText}`] : [];
  if (whatIf.kind === "rejected") return [`Broker what-if rejected the order: ${whatIf.message}`];
  return [`What-if estimate unavailable: ${whatIf.message}`];
}
