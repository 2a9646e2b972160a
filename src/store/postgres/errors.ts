// Errors of the PostgreSQL store that callers may catch, and the redaction of a database URL for logs. This module
// does not load the PostgreSQL driver, so the store's public surface can export it without loading pg.

/** The database cannot be reached (down, refused, timed out, connection lost). Safe to show: it carries no secret. */
export class StoreUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Store unavailable: ${reason}`, options);
    this.name = "StoreUnavailableError";
  }
}

/** The URL without its password (and without any `password` query parameter), for logs and `db status`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

// Error codes of a connection that failed or went away: node socket errors and PostgreSQL SQLSTATE classes 08
// (connection exception) and 57P0x (the server shutting down or not accepting connections yet).
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "ENOENT"]);
const SERVER_CODES = /^(08...|57P0[1-4])$/;
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended|not queryable/i;

/** True when `error` says the database could not be reached or the connection broke. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (SOCKET_CODES.has(code) || SERVER_CODES.test(code))) return true;
  return MESSAGES.test(error.message);
}

/** Wraps a connection failure in StoreUnavailableError (with a short reason that names no host or secret). */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === "string" ? `PostgreSQL connection failed (${code})` : "PostgreSQL connection failed";
  return new StoreUnavailableError(reason, { cause: error });
}
