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
  symbol: z.string().trim().min(1).max(32).toUpperCase(),
  securityType: SecurityType,
  exchange: z.string().trim().min(1).nullish(),
  currency: z.string().trim().min(1).toUpperCase().nullish(),
  expiry: z
    .string()
    .trim()
    .refine((v) => isDayExpiry(v) || isMonthExpiry(v), {
      message: "expiry must be YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYYMM",
    })
    .nullish(),
  strike: z.number().finite().min(0).nullish(),
  right: z
    .enum(["C", "P", "CALL", "PUT"])
    .transform((v) => (v === "CALL" ? "C" : v === "PUT" ? "P" : v) as "C" | "P")
    .nullish(),
  multiplier: PositiveNumberString.nullish(),
  /** The broker's contract id, e.g. from a position's `instrument`: the resolved contract must have it. */
  conId: z.number().int().positive().nullish(),
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
