// Validation of control-API bodies into typed inputs. Pure: a body in, a value or an error text out,
// shared by the HTTP API and the programmatic control so both accept exactly the same things.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export const FAULT_KINDS = [
  "drop-connections",
  "connectivity-lost",
  "connectivity-restored",
  "reject-next-order",
  "order-warning",
  "drop-after-next-order",
  "order-id-in-use",
  "farm-notice",
  "nightly-restart",
  "delay-ms",
  "no-permission",
  "delayed-only",
  "no-data",
  "pacing-violation",
  "clear",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PriceInput {
  symbol: string;
  bid?: number;
  ask?: number;
  last?: number;
}
export interface FillInput {
  permId: number;
  quantity: number;
  price?: number;
}
export interface AuctionInput {
  type: "open" | "close";
}
export interface FaultInput {
  kind: FaultKind;
  symbol?: string;
  reason?: string;
  ms?: number;
  dataLost?: boolean;
  /** order-warning: the error code (default 404). */
  code?: number;
  /** order-warning: the error text (default: IB's text for the code). */
  message?: string;
  /** farm-notice: the farm named in the text (default: the one TWS names for the code). */
  farm?: string;
  /** nightly-restart: how long connections are refused (default 30). */
  seconds?: number;
  /** nightly-restart: every client's next valid order id once the simulator is back (default 1). */
  nextValidId?: number;
}

/** The farm-status notices TWS sends: market data, HMDS and sec-def farms, broken and OK. */
export const FARM_NOTICE_CODES = [2103, 2104, 2105, 2106, 2157, 2158] as const;

type Body = Record<string, unknown>;

function isBody(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail<T>(error: string): Checked<T> {
  return { ok: false, error };
}

/** Optional non-negative finite number (0 = no market on that side, as TWS reports it); the text names the field. */
function optionalPrice(body: Body, field: string): number | undefined | string {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    return `${field} must be a non-negative number`;
  return value;
}

export function checkPrices(body: unknown): Checked<PriceInput> {
  if (!isBody(body)) return fail("body must be a JSON object");
  if (typeof body.symbol !== "string" || body.symbol.trim() === "") return fail("symbol must be a non-empty string");
  const input: PriceInput = { symbol: body.symbol.trim() };
  for (const field of ["bid", "ask", "last"] as const) {
    const value = optionalPrice(body, field);
    if (typeof value === "string") return fail(value);
    if (value !== undefined) input[field] = value;
  }
  if (input.bid === undefined && input.ask === undefined && input.last === undefined) {
    return fail("at least one of bid, ask, last is required");
  }
  if (input.bid !== undefined && input.ask !== undefined && input.bid > input.ask)
    return fail("bid must not exceed ask");
  return { ok: true, value: input };
}

export function checkFill(body: unknown): Checked<FillInput> {
  if (!isBody(body)) return fail("body must be a JSON object");
  if (!Number.isInteger(body.permId) || (body.permId as number) <= 0) return fail("permId must be a positive integer");
  if (typeof body.quantity !== "number" || !Number.isFinite(body.quantity) || body.quantity <= 0) {
    return fail("quantity must be a positive number");
  }
  const price = optionalPrice(body, "price");
  if (typeof price === "string") return fail(price);
  return {
    ok: true,
    value: { permId: body.permId as number, quantity: body.quantity, ...(price !== undefined ? { price } : {}) },
  };
}

export function checkAuction(body: unknown): Checked<AuctionInput> {
  if (!isBody(body) || (body.type !== "open" && body.type !== "close")) return fail('type must be "open" or "close"');
  return { ok: true, value: { type: body.type } };
}

/** The fields of farm-notice and nightly-restart; an error text, or undefined when they are fine. */
function checkRestartAndFarm(kind: FaultKind, body: Body, input: FaultInput): string | undefined {
  if (kind === "farm-notice" && !FARM_NOTICE_CODES.some((code) => code === body.code)) {
    return `code must be one of ${FARM_NOTICE_CODES.join(", ")}`;
  }
  if (body.farm !== undefined) {
    if (typeof body.farm !== "string" || body.farm.trim() === "") return "farm must be a non-empty string";
    input.farm = body.farm.trim();
  }
  if (body.seconds !== undefined) {
    if (typeof body.seconds !== "number" || !Number.isFinite(body.seconds) || body.seconds < 0) {
      return "seconds must be a number >= 0";
    }
    input.seconds = body.seconds;
  }
  if (body.nextValidId !== undefined) {
    if (!Number.isInteger(body.nextValidId) || (body.nextValidId as number) < 1) {
      return "nextValidId must be a positive integer";
    }
    input.nextValidId = body.nextValidId as number;
  }
  return undefined;
}

export function checkFault(body: unknown): Checked<FaultInput> {
  if (!isBody(body)) return fail("body must be a JSON object");
  const kind = FAULT_KINDS.find((k) => k === body.kind);
  if (!kind) return fail(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  const input: FaultInput = { kind };
  if (body.symbol !== undefined) {
    if (typeof body.symbol !== "string" || body.symbol.trim() === "") return fail("symbol must be a non-empty string");
    input.symbol = body.symbol.trim();
  }
  if (body.reason !== undefined) {
    if (typeof body.reason !== "string") return fail("reason must be a string");
    input.reason = body.reason;
  }
  if (body.dataLost !== undefined) {
    if (typeof body.dataLost !== "boolean") return fail("dataLost must be a boolean");
    input.dataLost = body.dataLost;
  }
  if (body.code !== undefined) {
    if (!Number.isInteger(body.code) || (body.code as number) <= 0) return fail("code must be a positive integer");
    input.code = body.code as number;
  }
  if (body.message !== undefined) {
    if (typeof body.message !== "string" || body.message.trim() === "")
      return fail("message must be a non-empty string");
    input.message = body.message;
  }
  const extra = checkRestartAndFarm(kind, body, input);
  if (extra !== undefined) return fail(extra);
  if (kind === "delay-ms") {
    if (typeof body.ms !== "number" || !Number.isFinite(body.ms) || body.ms < 0)
      return fail("ms must be a number >= 0");
    input.ms = body.ms;
  }
  return { ok: true, value: input };
}
