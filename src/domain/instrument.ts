// Instrument description and the resolved broker contract. Schemas only; resolution
// against the broker lives in src/broker.
import { z } from "zod";
import { strictObject } from "./strict-object.js";

export const SECURITY_TYPES = ["STK", "ETF", "FUT", "OPT", "IND", "CASH", "CFD", "BOND", "FUND", "CRYPTO"] as const;
export const SecurityType = z.enum(SECURITY_TYPES);
export type SecurityType = z.infer<typeof SecurityType>;

const DAY_FORM = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const MONTH_FORM = /^(\d{4})-?(\d{2})$/;

/** True for YYYY-MM-DD / YYYYMMDD naming a real calendar day (dashes all or nothing). */
export function isDayExpiry(value: string): boolean {
  const m = DAY_FORM.exec(value);
  if (!m || (value.includes("-") && value.length !== 10)) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** True for YYYY-MM / YYYYMM with a month 01–12. */
export function isMonthExpiry(value: string): boolean {
  const m = MONTH_FORM.exec(value);
  if (!m || (value.includes("-") && value.length !== 7)) return false;
  const month = Number(m[2]);
  return month >= 1 && month <= 12;
}

const PositiveNumberString = z
  .string()
  .trim()
  .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0, { message: "must be a string holding a positive number" });

/** The instrument fields shared by SymbolSpec and QuoteRequest. */
export const instrumentFields = {
  symbol: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .toUpperCase()
    .describe("Ticker or root symbol, upper-cased: AAPL, SPY, MES (futures root), EUR.USD (CASH pair), SPX (index)"),
  securityType: SecurityType.describe(
    "STK stock, ETF, FUT future, OPT option, IND index (not tradable), CASH forex pair, CFD, BOND, FUND, CRYPTO",
  ),
  exchange: z
    .string()
    .trim()
    .min(1)
    .nullish()
    .describe("Exchange, e.g. SMART, NASDAQ, CME; default: SMART for stocks, the home exchange for others"),
  currency: z
    .string()
    .trim()
    .min(1)
    .toUpperCase()
    .nullish()
    .describe("ISO currency the contract trades in; default USD (CASH pairs: the quote currency of AAA.BBB)"),
  expiry: z
    .string()
    .trim()
    .refine((v) => isDayExpiry(v) || isMonthExpiry(v), {
      message: "expiry must be YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYYMM",
    })
    .nullish()
    .describe("FUT/OPT expiry: YYYY-MM-DD or YYYYMMDD (FUT also YYYY-MM or YYYYMM); FUT without expiry: front month"),
  strike: z.number().finite().min(0).nullish().describe("OPT strike price, in the contract's currency"),
  right: z
    .enum(["C", "P", "CALL", "PUT"])
    .transform((v) => (v === "CALL" ? "C" : v === "PUT" ? "P" : v) as "C" | "P")
    .nullish()
    .describe("OPT right: C/CALL or P/PUT"),
  multiplier: PositiveNumberString.nullish().describe(
    'Contract multiplier as a string, e.g. "5" for MES, "100" for US options',
  ),
  conId: z
    .number()
    .int()
    .positive()
    .nullish()
    .describe(
      "The broker's contract id (e.g. a position's instrument.conId); the contract must also match the other fields",
    ),
};

/** Month-form expiries are only meaningful for futures; anything else is a schema error. */
export function monthFormOnlyForFutures(
  value: { securityType: string; expiry?: string | null },
  ctx: z.RefinementCtx,
): void {
  if (value.expiry && value.securityType !== "FUT" && isMonthExpiry(value.expiry)) {
    ctx.addIssue({
      code: "custom",
      path: ["expiry"],
      message: "month expiries (YYYY-MM, YYYYMM) are only valid for FUT",
    });
  }
}

export const SymbolSpec = strictObject(instrumentFields).superRefine(monthFormOnlyForFutures);
export type SymbolSpec = z.infer<typeof SymbolSpec>;
export type SymbolSpecInput = z.input<typeof SymbolSpec>;

export const QuoteRequest = SymbolSpec;
export type QuoteRequest = SymbolSpec;

export const ResolvedContract = z.object({
  conId: z.number().int(),
  symbol: z.string(),
  securityType: SecurityType,
  exchange: z.string(),
  primaryExchange: z.string().nullable(),
  currency: z.string(),
  localSymbol: z.string().nullable(),
  tradingClass: z.string().nullable(),
  expiry: z.string().nullable(),
  strike: z.number().nullable(),
  right: z.enum(["C", "P"]).nullable(),
  multiplier: z.string().nullable(),
  displaySymbol: z.string(),
});
export type ResolvedContract = z.infer<typeof ResolvedContract>;
