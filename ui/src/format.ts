// Number and time formatting for tables.
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const qty = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

export const fmtMoney = (n: number | null | undefined) => (n == null || !Number.isFinite(n) ? "–" : money.format(n));
export const fmtQty = (n: number | null | undefined) => (n == null || !Number.isFinite(n) ? "–" : qty.format(n));
export const fmtTime = (iso: string | null | undefined) =>
  iso == null ? "–" : new Date(iso).toISOString().replace("T", " ").slice(0, 19) + "Z";
export const fmtClock = (iso: string | null | undefined) =>
  iso == null ? "–" : new Date(iso).toISOString().slice(11, 19);
export const signClass = (n: number) => (n > 0 ? "up" : n < 0 ? "down" : "");
