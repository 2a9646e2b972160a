// Display symbols (MES_20260320, AAPL_20260116_C250, EUR.USD, AAPL). Pure formatting.

export interface DisplayParts {
  symbol: string;
  /** Broker security type (ETF reported as STK is fine: both display as the symbol). */
  securityType: string;
  currency: string;
  /** YYYYMMDD, YYYYMM or YYYY-MM-DD; dashes are dropped. */
  expiry: string | null;
  strike: number | null;
  right: string | null;
}

export function displaySymbol(parts: DisplayParts): string {
  const expiry = (parts.expiry ?? "").replaceAll("-", "");
  switch (parts.securityType) {
    case "FUT":
      return `${parts.symbol}_${expiry}`;
    case "OPT":
      return `${parts.symbol}_${expiry}_${normalizeRight(parts.right)}${String(parts.strike ?? 0)}`;
    case "CASH":
      return `${parts.symbol}.${parts.currency}`;
    default:
      return parts.symbol;
  }
}

/** The broker may spell the right C/P or CALL/PUT. */
export function normalizeRight(right: string | null | undefined): "C" | "P" | null {
  if (right === "C" || right === "CALL") return "C";
  if (right === "P" || right === "PUT") return "P";
  return null;
}
