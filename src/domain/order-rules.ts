// The order validation rules as a pure function: every violation, in the contract's order and words.
// Runs after the schema (order-spec.ts) and before anything touches the broker.
import { GatewayError } from "./errors.js";
import { TIFS, type OrderSpec, type OrderType } from "./order-spec.js";

type PriceField =
  | "limitPrice"
  | "stopPrice"
  | "trailingAmount"
  | "trailingPercent"
  | "trailStopPrice"
  | "takeProfitPrice"
  | "stopLossPrice"
  | "stopLossLimitPrice";

/** Header order; each type lists the fields it may carry. */
const FIELD_ORDER: readonly PriceField[] = [
  "limitPrice",
  "stopPrice",
  "trailingAmount",
  "trailingPercent",
  "trailStopPrice",
  "takeProfitPrice",
  "stopLossPrice",
  "stopLossLimitPrice",
];
const TRAILING: readonly PriceField[] = ["trailingAmount", "trailingPercent", "trailStopPrice"];
const ALLOWED: Record<OrderType, readonly PriceField[]> = {
  MKT: [],
  MOC: [],
  OPG: [],
  LMT: ["limitPrice"],
  STP: ["stopPrice"],
  STP_LMT: ["limitPrice", "stopPrice"],
  TRAIL: TRAILING,
  TRAIL_LIMIT: ["limitPrice", ...TRAILING],
  BRACKET: ["limitPrice", "takeProfitPrice", "stopLossPrice", "stopLossLimitPrice"],
};

/** The subset of OrderSpec the rules look at. */
export type RuleInput = Pick<OrderSpec, "orderType" | "side" | "quantity" | "tif" | "ocaGroup" | "ocaType"> &
  Partial<Pick<OrderSpec, PriceField>> & { instrument: { securityType: string } };

const has = (v: number | null | undefined): v is number => v !== null && v !== undefined;
const fmt = (v: number): string => String(v);

export function validateOrderRules(spec: RuleInput): string[] {
  return [...requiredPrices(spec), ...foreignFields(spec), ...bracketDirection(spec), ...tifOcaQuantity(spec)];
}

function requiredPrices(s: RuleInput): string[] {
  const out: string[] = [];
  const t = s.orderType;
  if (t === "MKT" && has(s.limitPrice)) out.push("Market orders (MKT) cannot have a limit price");
  if (t === "LMT" && !has(s.limitPrice)) out.push("Limit orders (LMT) require a limit price");
  if ((t === "LMT" || t === "STP_LMT" || t === "TRAIL_LIMIT") && has(s.limitPrice) && s.limitPrice <= 0) {
    out.push(`Limit price must be positive, got ${fmt(s.limitPrice)}`);
  }
  if (t === "STP" && !has(s.stopPrice)) out.push("Stop orders (STP) require a stop price");
  if ((t === "STP" || t === "STP_LMT") && has(s.stopPrice) && s.stopPrice <= 0) {
    out.push(`Stop price must be positive, got ${fmt(s.stopPrice)}`);
  }
  if (t === "STP_LMT") {
    if (!has(s.stopPrice)) out.push("Stop-limit orders (STP_LMT) require a stop price");
    if (!has(s.limitPrice)) out.push("Stop-limit orders (STP_LMT) require a limit price");
  }
  if (t === "TRAIL" || t === "TRAIL_LIMIT") out.push(...trailingRules(s, t));
  if (t === "BRACKET") out.push(...bracketPrices(s));
  return out;
}

function trailingRules(s: RuleInput, t: "TRAIL" | "TRAIL_LIMIT"): string[] {
  const label = t === "TRAIL" ? "Trailing stop orders (TRAIL)" : "Trailing stop-limit orders (TRAIL_LIMIT)";
  const out: string[] = [];
  const amount = has(s.trailingAmount);
  const percent = has(s.trailingPercent);
  if (!amount && !percent) out.push(`${label} require trailingAmount OR trailingPercent`);
  if (amount && percent) out.push(`${label} cannot have both trailingAmount AND trailingPercent`);
  if (t === "TRAIL_LIMIT" && !has(s.limitPrice)) out.push(`${label} require a limit price (the limit offset)`);
  return out;
}

function bracketPrices(s: RuleInput): string[] {
  const out: string[] = [];
  const required: [PriceField, string, string][] = [
    ["limitPrice", "Limit price", "Bracket orders (BRACKET) require a limit price for the entry order"],
    ["takeProfitPrice", "Take profit price", "Bracket orders (BRACKET) require a take profit price"],
    ["stopLossPrice", "Stop loss price", "Bracket orders (BRACKET) require a stop loss price"],
  ];
  for (const [field, label, missing] of required) {
    const v = s[field];
    if (!has(v)) out.push(missing);
    else if (v <= 0) out.push(`${label} must be positive, got ${fmt(v)}`);
  }
  if (has(s.stopLossLimitPrice) && s.stopLossLimitPrice <= 0) {
    out.push(`Stop loss limit price must be positive, got ${fmt(s.stopLossLimitPrice)}`);
  }
  return out;
}

function foreignFields(s: RuleInput): string[] {
  const allowed = ALLOWED[s.orderType];
  return FIELD_ORDER.filter((f) => has(s[f]) && !allowed.includes(f))
    .filter((f) => !(s.orderType === "MKT" && f === "limitPrice"))
    .map((f) => `${s.orderType} orders cannot have ${f}`);
}

function bracketDirection(s: RuleInput): string[] {
  const entry = s.limitPrice;
  const tp = s.takeProfitPrice;
  const sl = s.stopLossPrice;
  if (s.orderType !== "BRACKET" || !has(entry) || !has(tp) || !has(sl) || entry <= 0 || tp <= 0 || sl <= 0) return [];
  const sll = s.stopLossLimitPrice;
  const out: string[] = [];
  if (s.side === "BUY") {
    if (!(tp > entry)) out.push("For BUY bracket: take profit price must be greater than entry price");
    if (!(sl < entry)) out.push("For BUY bracket: stop loss price must be less than entry price");
    if (has(sll) && sll > sl)
      out.push("For BUY bracket: stop loss limit price must not be greater than stop loss price");
  } else {
    if (!(tp < entry)) out.push("For SELL bracket: take profit price must be less than entry price");
    if (!(sl > entry)) out.push("For SELL bracket: stop loss price must be greater than entry price");
    if (has(sll) && sll < sl) out.push("For SELL bracket: stop loss limit price must not be less than stop loss price");
  }
  return out;
}

function tifOcaQuantity(s: RuleInput): string[] {
  const out: string[] = [];
  if (s.orderType === "MOC" && s.tif !== "DAY") out.push("MOC orders require tif='DAY'");
  if (s.orderType === "OPG" && s.tif !== "OPG" && s.tif !== "DAY")
    out.push("OPG orders require tif='OPG' or tif='DAY'");
  if (s.tif === "OPG" && !["MKT", "LMT", "OPG"].includes(s.orderType)) {
    out.push("tif='OPG' is only valid for MKT, LMT and OPG orders");
  }
  if (has(s.ocaType) && !s.ocaGroup) out.push("ocaType requires ocaGroup");
  const secType = s.instrument.securityType;
  if ((secType === "FUT" || secType === "OPT") && !Number.isInteger(s.quantity)) {
    out.push(`Quantity must be a whole number for ${secType} contracts, got ${fmt(s.quantity)}`);
  }
  return out;
}

/** An unknown tif is a 400 VALIDATION_ERROR (not a schema 422). Values are case-sensitive. */
export function checkTif(tif: string): GatewayError | null {
  if ((TIFS as readonly string[]).includes(tif)) return null;
  return new GatewayError("VALIDATION_ERROR", `Invalid tif: '${tif}'. Valid values: ${TIFS.join(", ")}`, {
    status: 400,
    details: { field: "tif", value: tif },
  });
}

/** The preview's 400 for a non-empty rule list. */
export function orderValidationError(messages: readonly string[]): GatewayError {
  return new GatewayError("ORDER_VALIDATION_ERROR", `Order validation failed: ${messages.join("; ")}`, {
    details: { errors: [...messages] },
  });
}
