// Number formatting used in user-visible messages (risk violations, preview warnings).

/** `$1,234.50`: thousands separators and exactly two decimals, always with `$`. */
export function formatMoney(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Rounds derived prices and notionals to 6 decimals to remove binary floating-point noise. */
export function round6(value: number): number {
  const scaled = value * 1e6;
  // Values above ~1e302 would overflow to Infinity when scaled; they carry no digits below 1e-6 anyway.
  return Number.isFinite(scaled) ? Math.round(scaled) / 1e6 : value;
}

/** An amount with its currency: `$1,234.50` for USD (as formatMoney), `1,234.50 EUR` for any other. */
export function formatAmount(value: number, currency: string): string {
  if (currency === "USD") return formatMoney(value);
  const text = value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${text} ${currency}`;
}
