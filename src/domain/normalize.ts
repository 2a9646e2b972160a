// The normalised order spec: every field present, absent optionals as null. Previews echo it and
// confirmation tokens sign its canonical JSON form.
import type { OrderSpec } from "./order-spec.js";

export type NormalizedOrderSpec = {
  [K in keyof OrderSpec]-?: Exclude<OrderSpec[K], undefined> extends infer V
    ? V extends object
      ? { [J in keyof V]-?: Exclude<V[J], undefined> | (undefined extends V[J] ? null : never) }
      : Exclude<OrderSpec[K], undefined> | (undefined extends OrderSpec[K] ? null : never)
    : never;
};

const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** Takes a schema-parsed spec (symbol already upper-cased, right already C/P, defaults applied). */
export function normalizeOrderSpec(spec: OrderSpec): NormalizedOrderSpec {
  const i = spec.instrument;
  return {
    accountId: n(spec.accountId),
    instrument: {
      symbol: i.symbol,
      securityType: i.securityType,
      exchange: n(i.exchange),
      currency: n(i.currency),
      expiry: n(i.expiry),
      strike: n(i.strike),
      right: n(i.right),
      multiplier: n(i.multiplier),
      conId: n(i.conId),
    },
    side: spec.side,
    quantity: spec.quantity,
    orderType: spec.orderType,
    limitPrice: n(spec.limitPrice),
    stopPrice: n(spec.stopPrice),
    tif: spec.tif,
    outsideRth: spec.outsideRth,
    clientOrderId: n(spec.clientOrderId),
    transmit: spec.transmit,
    trailingAmount: n(spec.trailingAmount),
    trailingPercent: n(spec.trailingPercent),
    trailStopPrice: n(spec.trailStopPrice),
    takeProfitPrice: n(spec.takeProfitPrice),
    stopLossPrice: n(spec.stopLossPrice),
    stopLossLimitPrice: n(spec.stopLossLimitPrice),
    bracketTransmit: spec.bracketTransmit,
    ocaGroup: n(spec.ocaGroup),
    ocaType: n(spec.ocaType),
  };
}

/** JSON with keys sorted recursively and null members omitted: the form a confirmation token signs. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The canonical order a confirmation token is bound to: the normalised spec without clientOrderId. */
export function canonicalOrder(spec: NormalizedOrderSpec): string {
  const { clientOrderId: _ignored, ...rest } = spec;
  return canonicalJson(rest);
}
