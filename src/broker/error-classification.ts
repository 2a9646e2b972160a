// Maps a broker TwsError onto the gateway's error codes.
// It decides nothing about retrying; callers choose which classifier fits their operation.
import { GatewayError } from "../domain/index.js";
import { isConnectionCode, type TwsError } from "./tws-error.js";

const PERMISSION_CODES = new Set([354, 10089, 10168, 10197]);

export function isPacingError(error: TwsError): boolean {
  const text = error.message.toLowerCase();
  return error.code === 420 || text.includes("pacing violation") || text.includes("making identical request");
}

function isNoData(error: TwsError): boolean {
  const text = error.message.toLowerCase();
  return (error.code === 162 || error.code === 200) && (text.includes("no data") || text.includes("returned no data"));
}

/** Checked in an order that keeps the more specific rules first. */
export function classifyMarketDataError(error: TwsError): GatewayError {
  const text = error.message;
  const cause = { cause: error };
  if (isPacingError(error)) return new GatewayError("PACING_VIOLATION", `Pacing violation: ${text}`, cause);
  if (isNoData(error)) return new GatewayError("NO_DATA", `No market data available: ${text}`, cause);
  if (error.code === 200) {
    return new GatewayError("CONTRACT_RESOLUTION_ERROR", `Contract resolution failed: ${text}`, cause);
  }
  if (PERMISSION_CODES.has(error.code)) {
    return new GatewayError(
      "MARKET_DATA_PERMISSION_DENIED",
      `Market data permission denied: [${error.code}] ${text}`,
      cause,
    );
  }
  if (error.code === 321) {
    return new GatewayError("VALIDATION_ERROR", `Broker rejected the request: ${text}`, { status: 400, ...cause });
  }
  if (isConnectionCode(error.code)) {
    return new GatewayError("IBKR_CONNECTION_ERROR", `IBKR connection failed: ${text}`, cause);
  }
  return new GatewayError("INTERNAL_ERROR", `Market data error: [${error.code}] ${text}`, cause);
}

/**
 * Account requests: connection trouble stays 503; too many account summary requests at once (322) is the
 * broker's pacing, a 429 the client may retry; everything else is an account failure.
 */
export function classifyAccountError(error: TwsError): GatewayError {
  if (isConnectionCode(error.code)) {
    return new GatewayError("IBKR_CONNECTION_ERROR", `IBKR connection failed: ${error.message}`, { cause: error });
  }
  if (error.code === 322 && /maximum number of account summary requests/i.test(error.message)) {
    return new GatewayError("PACING_VIOLATION", `Pacing violation: ${error.message}`, { cause: error });
  }
  return new GatewayError("ACCOUNT_ERROR", `Account error: [${error.code}] ${error.message}`, { cause: error });
}
