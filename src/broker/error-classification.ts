// Maps a broker TwsError onto the gateway's error codes: one table for market data and historical data (see
// docs/errors.md), one function for account requests.
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

/**
 * Historical-data refusals (162) that describe the caller's request rather than a fault: a window too long for the
 * bar size, an invalid bar size, duration or end date, a start after the end. They are the caller's to fix.
 */
const REQUEST_MISTAKE =
  /time length exceed|exceed(s|ed)? max|invalid|bar size|duration|end ?date|start(ing)? time|step size|not supported/i;

interface Rule {
  /** What the rule is for, as a reader of this table would say it. */
  readonly what: string;
  readonly matches: (error: TwsError) => boolean;
  readonly toError: (error: TwsError) => GatewayError;
}

const rejected = (error: TwsError) =>
  new GatewayError("VALIDATION_ERROR", `Broker rejected the request: ${error.message}`, { status: 400, cause: error });

/**
 * Broker errors of market-data and historical requests, the more specific rules first; the first match decides.
 * Every broker message about the caller's own request is a 4xx; only what is left is a 500.
 */
export const MARKET_DATA_ERROR_RULES: readonly Rule[] = [
  {
    what: "pacing: code 420, or any text about a pacing violation or an identical request",
    matches: isPacingError,
    toError: (e) => new GatewayError("PACING_VIOLATION", `Pacing violation: ${e.message}`, { cause: e }),
  },
  {
    what: "no data: 162 or 200 saying the query returned no data",
    matches: isNoData,
    toError: (e) => new GatewayError("NO_DATA", `No market data available: ${e.message}`, { cause: e }),
  },
  {
    what: "200: no security definition for the instrument",
    matches: (e) => e.code === 200,
    toError: (e) =>
      new GatewayError("CONTRACT_RESOLUTION_ERROR", `Contract resolution failed: ${e.message}`, { cause: e }),
  },
  {
    what: "permissions: 354, 10089, 10168, 10197, or a 162 saying there are no market data permissions",
    matches: (e) => PERMISSION_CODES.has(e.code) || (e.code === 162 && /no market data permissions/i.test(e.message)),
    toError: (e) =>
      new GatewayError("MARKET_DATA_PERMISSION_DENIED", `Market data permission denied: [${e.code}] ${e.message}`, {
        cause: e,
      }),
  },
  {
    what: "321: the request failed the broker's validation",
    matches: (e) => e.code === 321,
    toError: rejected,
  },
  {
    what: "162 about the request itself (window too long for the bar size, invalid bar size, duration or dates)",
    matches: (e) => e.code === 162 && REQUEST_MISTAKE.test(e.message),
    toError: rejected,
  },
  {
    what: "10314: the end date, time or time zone is invalid",
    matches: (e) => e.code === 10314,
    toError: rejected,
  },
  {
    what: "connection: 1100, 502, 504 and the other connection codes",
    matches: (e) => isConnectionCode(e.code),
    toError: (e) => new GatewayError("IBKR_CONNECTION_ERROR", `IBKR connection failed: ${e.message}`, { cause: e }),
  },
];

/** The first rule of MARKET_DATA_ERROR_RULES that matches; anything else is a 500 naming the broker's code. */
export function classifyMarketDataError(error: TwsError): GatewayError {
  const rule = MARKET_DATA_ERROR_RULES.find((r) => r.matches(error));
  if (rule) return rule.toError(error);
  return new GatewayError("INTERNAL_ERROR", `Market data error: [${error.code}] ${error.message}`, { cause: error });
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
