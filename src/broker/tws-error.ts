// TwsError: a numeric broker code from the wire, tied to the request it answered. Also the code families of
// the protocol (notices vs errors). Turning a TwsError into a GatewayError happens in error-classification.ts.

export class TwsError extends Error {
  readonly code: number;
  /** The request or order id the broker named; -1 when it named none. */
  readonly reqId: number;

  constructor(code: number, reqId: number, message: string) {
    super(message);
    this.name = "TwsError";
    this.code = code;
    this.reqId = reqId;
  }
}

export const CONNECTIVITY_LOST = 1100;
export const CONNECTIVITY_RESTORED_DATA_LOST = 1101;
export const CONNECTIVITY_RESTORED_DATA_KEPT = 1102;
export const CLIENT_ID_IN_USE = 326;
export const DELAYED_DATA_NOTICE = 10167;
export const ORDER_CANCELLED_NOTICE = 202;
export const ORDER_MESSAGE_WARNING = 399;

/**
 * Messages about an order that do not refuse it: the order goes on (or is held and goes on later), and its status
 * messages say what happens to it. docs/errors.md lists them. Any code from 2100 to 2199 and any text starting
 * with "Warning:" count too.
 */
export const ORDER_WARNING_CODES: ReadonlyMap<number, string> = new Map([
  [399, "Order message: the order is accepted with a remark (e.g. it will not be placed until the market opens)"],
  [404, "Order held while the shares to sell short are located"],
  [2109, "Order event warning: the outside-regular-trading-hours attribute is ignored"],
  [10349, "Order time in force was set from the order preset"],
  [10090, "Part of the requested market data is not subscribed"],
  [10167, "Delayed market data is shown instead of real-time"],
]);

/** True when an error with an order's id leaves the order alive (a warning, not a refusal). */
export function isOrderWarning(code: number, message = ""): boolean {
  if (ORDER_WARNING_CODES.has(code)) return true;
  if (code >= 2100 && code <= 2199) return true;
  return /^\s*Warning:/i.test(message) || message.includes("Warning:");
}

/** Codes the broker sends with a request id that do not end the request. */
export function isNonFatalCode(code: number, message = ""): boolean {
  if (code === DELAYED_DATA_NOTICE || code === 10090 || code === ORDER_MESSAGE_WARNING) return true;
  if (code >= 2100 && code <= 2199) return true;
  return message.includes("Warning:");
}

/** Client-side codes of the library (socket failures, not connected) and the broker's connectivity loss. */
export function isConnectionCode(code: number): boolean {
  return code === 502 || code === 504 || code === CONNECTIVITY_LOST;
}
