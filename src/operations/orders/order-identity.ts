// Who an order is: its clientOrderId (the caller's, or one generated so every order carries an orderRef to the
// broker) and the hash of its canonical form, which tells a retry of the same order from a different order that
// reuses the key. Defaults are spelled out before hashing, so naming the default account changes nothing.
import { createHash, randomBytes } from "node:crypto";
import { DEFAULT_CURRENCY, defaultExchange } from "../../broker/index.js";
import { canonicalJson, GatewayError, normalizeOrderSpec, type OrderSpec } from "../../domain/index.js";
import type { GatewayServices } from "../services.js";

export interface OrderIdentity {
  clientOrderId: string;
  /** Canonical JSON of the normalized order without its clientOrderId. */
  canonical: string;
  hash: string;
}

/** `gw-` + time + random: sortable, unique across processes, and within IB's orderRef length. */
export function newClientOrderId(nowMs: number): string {
  return `gw-${nowMs.toString(36)}-${randomBytes(6).toString("hex")}`;
}

export function orderIdentity(services: GatewayServices, spec: OrderSpec & { clientOrderId: string }): OrderIdentity {
  const canonical = canonicalForm(services, spec);
  return { clientOrderId: spec.clientOrderId, canonical, hash: createHash("sha256").update(canonical).digest("hex") };
}

/**
 * The order as one text, with every default spelled out (account, exchange, currency, and the schema's own), so an
 * order that names a default is the same order as one that leaves it out. What confirmation tokens sign and what a
 * reused clientOrderId is compared with. The clientOrderId itself is not part of it.
 */
export function canonicalForm(services: GatewayServices, spec: OrderSpec): string {
  const { clientOrderId: _key, ...normalized } = normalizeOrderSpec(spec);
  const { instrument } = normalized;
  return canonicalJson({
    ...normalized,
    accountId: normalized.accountId ?? services.broker.connection.defaultAccount,
    instrument: {
      ...instrument,
      exchange: instrument.exchange ?? defaultExchange(instrument.symbol, instrument.securityType),
      currency: instrument.currency ?? (instrument.securityType === "CASH" ? null : DEFAULT_CURRENCY),
    },
  });
}

/** The fields (dotted paths) in which two canonical forms differ. */
export function differingCanonicalFields(a: string, b: string): string[] {
  return differingFields(parse(a), parse(b));
}

/** 409 naming every field (dotted path) whose value differs between the journalled order and this one. */
export function idempotencyConflict(clientOrderId: string, journalled: string, requested: string): GatewayError {
  const fields = differingCanonicalFields(journalled, requested);
  const list = fields.length > 0 ? fields.join(", ") : "the order";
  return new GatewayError(
    "IDEMPOTENCY_CONFLICT",
    `clientOrderId ${clientOrderId} was already used for a different order (differs in: ${list}); ` +
      "use a new clientOrderId for a new order",
    { details: { clientOrderId, fields } },
  );
}

function parse(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function differingFields(a: Record<string, unknown>, b: Record<string, unknown>, prefix = ""): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => {
    const x = a[key];
    const y = b[key];
    const path = `${prefix}${key}`;
    if (isObject(x) && isObject(y)) return differingFields(x, y, `${path}.`);
    return JSON.stringify(x) === JSON.stringify(y) ? [] : [path];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
