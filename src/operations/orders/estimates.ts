// Price and notional estimates, and the bracket legs. Pure: the quote and contract come in,
// numbers rounded to 6 decimals come out. Fetching the quote is market-view.ts's job.
import { round6, type OrderLeg, type OrderSpec, type Quote, type ResolvedContract } from "../../domain/index.js";

const positive = (v: number | null | undefined): v is number => v !== null && v !== undefined && v > 0;

/** The contract's multiplier when it parses to a positive number, else 1. */
export function contractMultiplier(contract: ResolvedContract): number {
  const value = Number(contract.multiplier ?? "");
  return Number.isFinite(value) && value > 0 ? value : 1;
}

/** True when the estimate depends on market data, so a quote failure fails the request. */
export function quoteRequired(spec: OrderSpec): boolean {
  const t = spec.orderType;
  if (t === "MKT" || t === "MOC" || t === "OPG") return true;
  return (t === "TRAIL" || t === "TRAIL_LIMIT") && !positive(spec.trailStopPrice);
}

export function estimatePrice(spec: OrderSpec, quote: Quote | null): number | null {
  const last = quote && quote.last > 0 ? quote.last : null;
  const raw = typedEstimate(spec, quote, last);
  if (positive(raw)) return round6(raw);
  return last;
}

function typedEstimate(spec: OrderSpec, quote: Quote | null, last: number | null): number | null {
  switch (spec.orderType) {
    case "LMT":
    case "STP_LMT":
    case "BRACKET":
      return spec.limitPrice ?? null;
    case "STP":
      return spec.stopPrice ?? null;
    case "MKT":
    case "MOC":
    case "OPG": {
      const touch = spec.side === "BUY" ? quote?.ask : quote?.bid;
      return positive(touch) ? touch : last;
    }
    case "TRAIL":
    case "TRAIL_LIMIT":
      return trailingEstimate(spec, last);
  }
}

function trailingEstimate(spec: OrderSpec, last: number | null): number | null {
  if (positive(spec.trailStopPrice)) return spec.trailStopPrice;
  if (last === null) return null;
  const sign = spec.side === "SELL" ? -1 : 1;
  if (positive(spec.trailingPercent)) return last * (1 + (sign * spec.trailingPercent) / 100);
  if (positive(spec.trailingAmount)) return last + sign * spec.trailingAmount;
  return null;
}

export function notional(quantity: number, price: number | null, multiplier: number): number | null {
  return price === null ? null : round6(quantity * price * multiplier);
}

/** Entry, take profit and stop loss as a preview shows them; [] unless BRACKET. */
export function bracketLegs(spec: OrderSpec, multiplier: number): OrderLeg[] {
  if (spec.orderType !== "BRACKET") return [];
  const opposite = spec.side === "BUY" ? "SELL" : "BUY";
  const leg = (fields: Pick<OrderLeg, "role" | "orderType" | "side" | "limitPrice" | "stopPrice" | "tif">) => {
    const price = fields.role === "stop_loss" ? fields.stopPrice : fields.limitPrice;
    return {
      ...fields,
      quantity: spec.quantity,
      trailingAmount: null,
      trailingPercent: null,
      estimatedPrice: price,
      estimatedNotional: notional(spec.quantity, price, multiplier),
    };
  };
  const stopLimit = spec.stopLossLimitPrice ?? null;
  return [
    leg({
      role: "entry",
      orderType: "LMT",
      side: spec.side,
      limitPrice: spec.limitPrice ?? null,
      stopPrice: null,
      tif: spec.tif,
    }),
    leg({
      role: "take_profit",
      orderType: "LMT",
      side: opposite,
      limitPrice: spec.takeProfitPrice ?? null,
      stopPrice: null,
      tif: "GTC",
    }),
    leg({
      role: "stop_loss",
      orderType: stopLimit === null ? "STP" : "STP_LMT",
      side: opposite,
      limitPrice: stopLimit,
      stopPrice: spec.stopLossPrice ?? null,
      tif: "GTC",
    }),
  ];
}
