// The gateway's error vocabulary: one table of string codes with their HTTP status and meaning,
// and GatewayError, the one error type every layer throws for an expected failure. Edges map it once.

/** One row per (code, HTTP status) pair; a code may appear with two statuses (e.g. VALIDATION_ERROR 422 and 400). */
export interface ErrorCodeRow {
  readonly code: ErrorCode;
  readonly status: number;
  readonly meaning: string;
}

export const ERROR_CODES = [
  "BAD_REQUEST",
  "VALIDATION_ERROR",
  "ORDER_VALIDATION_ERROR",
  "CONFIRMATION_REQUIRED",
  "CONTRACT_RESOLUTION_ERROR",
  "AMBIGUOUS_CONTRACT",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "FORBIDDEN_HOST",
  "FORBIDDEN_SCOPE",
  "TRADING_DISABLED",
  "MARKET_DATA_PERMISSION_DENIED",
  "NOT_FOUND",
  "ACCOUNT_NOT_FOUND",
  "NO_DATA",
  "ORDER_NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "IDEMPOTENCY_CONFLICT",
  "APPROVAL_NOT_FOUND",
  "APPROVAL_NOT_PENDING",
  "APPROVAL_EXPIRED",
  "PAYLOAD_TOO_LARGE",
  "REQUEST_TIMEOUT",
  "PACING_VIOLATION",
  "RATE_LIMITED",
  "INTERNAL_ERROR",
  "ACCOUNT_ERROR",
  "ORDER_PLACEMENT_ERROR",
  "ORDER_CANCEL_ERROR",
  "IBKR_CONNECTION_ERROR",
  "STORE_UNAVAILABLE",
  "IBKR_TIMEOUT",
  "TIMEOUT",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The first row of a code is its default status. docs/errors.md mirrors this table (a test keeps them in sync). */
export const ERROR_TABLE: readonly ErrorCodeRow[] = [
  {
    code: "BAD_REQUEST",
    status: 400,
    meaning: "The request body is not valid JSON, or the HTTP request or URL is malformed",
  },
  {
    code: "BAD_REQUEST",
    status: 415,
    meaning: "A body with a Content-Type other than application/json, or a POST with neither that nor X-API-Key",
  },
  { code: "BAD_REQUEST", status: 414, meaning: "A URL path parameter is longer than the router accepts" },
  { code: "BAD_REQUEST", status: 431, meaning: "The request headers are larger than the server accepts" },
  { code: "VALIDATION_ERROR", status: 422, meaning: "The request does not match its schema (body, query or path)" },
  {
    code: "VALIDATION_ERROR",
    status: 400,
    meaning:
      "A field is well-formed but not acceptable (tif, barSize, duration, whatToShow, endDateTime, timeframe, broker 321)",
  },
  { code: "ORDER_VALIDATION_ERROR", status: 400, meaning: "A previewed order breaks the order rules" },
  {
    code: "CONFIRMATION_REQUIRED",
    status: 400,
    meaning: "A confirmation token is missing, mismatched, expired or used",
  },
  { code: "CONTRACT_RESOLUTION_ERROR", status: 400, meaning: "The instrument cannot be resolved to a broker contract" },
  { code: "AMBIGUOUS_CONTRACT", status: 400, meaning: "The instrument matches more than one broker contract" },
  {
    code: "UNAUTHORIZED",
    status: 401,
    meaning: "The API key is missing or wrong, or a stream ticket is unknown or used",
  },
  {
    code: "FORBIDDEN",
    status: 403,
    meaning: "A browser Origin that is not allowed (not loopback, not this host, not in ALLOWED_ORIGINS)",
  },
  {
    code: "FORBIDDEN_HOST",
    status: 403,
    meaning: "The Host header is not a loopback name, the bound address or in ALLOWED_HOSTS (DNS rebinding)",
  },
  {
    code: "FORBIDDEN_SCOPE",
    status: 403,
    meaning: "The API key lacks the scope the route or tool needs (details.scope names it)",
  },
  { code: "TRADING_DISABLED", status: 403, meaning: "A live order was refused because the live override file is gone" },
  { code: "MARKET_DATA_PERMISSION_DENIED", status: 403, meaning: "The account has no permission for this market data" },
  { code: "NOT_FOUND", status: 404, meaning: "No such route" },
  { code: "ACCOUNT_NOT_FOUND", status: 404, meaning: "The account is not one of the managed accounts" },
  { code: "NO_DATA", status: 404, meaning: "The broker has no market data for the request" },
  { code: "ORDER_NOT_FOUND", status: 404, meaning: "No order with this id is known" },
  {
    code: "METHOD_NOT_ALLOWED",
    status: 405,
    meaning: "GET or DELETE on /mcp without an MCP session (docs/streaming.md)",
  },
  {
    code: "IDEMPOTENCY_CONFLICT",
    status: 409,
    meaning: "The clientOrderId was already used for a different order; details name the fields that differ",
  },
  { code: "APPROVAL_NOT_FOUND", status: 404, meaning: "No approval with this id is known" },
  {
    code: "APPROVAL_NOT_PENDING",
    status: 409,
    meaning: "The approval was already decided (approved, rejected, failed or expired); details.status says which",
  },
  { code: "APPROVAL_EXPIRED", status: 409, meaning: "The approval expired (APPROVAL_TTL_SEC) before it was decided" },
  { code: "PAYLOAD_TOO_LARGE", status: 413, meaning: "The request body is larger than 1 MiB" },
  {
    code: "REQUEST_TIMEOUT",
    status: 408,
    meaning: "The request headers or body did not arrive within HTTP_HEADERS_TIMEOUT_SEC / HTTP_BODY_TIMEOUT_SEC",
  },
  {
    code: "PACING_VIOLATION",
    status: 429,
    meaning: "The broker's pacing rules would be (or were) broken; retry later",
  },
  {
    code: "RATE_LIMITED",
    status: 429,
    meaning: "Too many failed authentications from this address; retry after the Retry-After seconds",
  },
  { code: "INTERNAL_ERROR", status: 500, meaning: "An unexpected failure, or an unclassified market-data error" },
  { code: "ACCOUNT_ERROR", status: 500, meaning: "Account data could not be obtained" },
  { code: "ORDER_PLACEMENT_ERROR", status: 500, meaning: "An unexpected failure while placing an order" },
  { code: "ORDER_CANCEL_ERROR", status: 500, meaning: "An unexpected failure while cancelling an order" },
  { code: "IBKR_CONNECTION_ERROR", status: 503, meaning: "Not connected to the broker, or the connection was lost" },
  {
    code: "STORE_UNAVAILABLE",
    status: 503,
    meaning: "The order journal could not be written (database unreachable or failing); nothing was sent",
  },
  { code: "IBKR_TIMEOUT", status: 504, meaning: "The broker did not answer in time" },
  { code: "TIMEOUT", status: 504, meaning: "The whole request exceeded API_REQUEST_TIMEOUT" },
];

export function defaultStatus(code: ErrorCode): number {
  const row = ERROR_TABLE.find((r) => r.code === code);
  if (!row) throw new Error(`error code ${code} has no row in ERROR_TABLE`);
  return row.status;
}

export interface GatewayErrorOptions {
  /** HTTP status when the code has more than one (e.g. VALIDATION_ERROR 400 instead of 422). */
  status?: number;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An expected failure with a stable code. The message is user-facing; details must be JSON-serialisable. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GatewayError";
    this.code = code;
    this.status = options.status ?? defaultStatus(code);
    if (!ERROR_TABLE.some((r) => r.code === code && r.status === this.status)) {
      throw new Error(`error code ${code} is not defined with HTTP status ${this.status}`);
    }
    this.details = options.details && Object.keys(options.details).length > 0 ? options.details : undefined;
  }

  /** The wire envelope: `details` is omitted when empty. */
  toEnvelope(): { error_code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { error_code: this.code, message: this.message, details: this.details }
      : { error_code: this.code, message: this.message };
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
