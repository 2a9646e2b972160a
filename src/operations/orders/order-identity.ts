// Who an order is: its clientOrderId (the caller's, or one generated so every order carries an orderRef to the
// broker) and the hash of its canonical form, which tells a retry of the same order from a different order that
// reuses the key. Defaults are spelled out before hashing, so naming the default account changes nothing.
import { createHash, randomBytes } from "node:crypto";
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
  const { clientOrderId: _key, ...normalized } = normalizeOrderSpec(spec);
  const account = normalized.accountId ?? services.broker.connection.defaultAccount;
  const canonical = canonicalJson({ ...normalized, accountId: account });
  return { clientOrderId: spec.clientOrderId, canonical, hash: createHash("sha256").update(canonical).digest("hex") };
}

/** 409 naming every field (dotted path) whose value differs between the journalled order and this one. */
export function idempotencyConflict(clientOrderId: string, journalled: string, requested: string): GatewayError {
  const fields = differingFields(parse(journalled), parse(requested));
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
