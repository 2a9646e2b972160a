// Number formatting used in user-visible messages (risk violations, preview warnings).

/** `$1,234.50`: thousands separators and exactly two decimals, always with `$` (SPEC §4.2, §11.1). */
export function formatMoney(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Rounds derived prices and notionals to 6 decimals to remove binary floating-point noise (SPEC §0). */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
