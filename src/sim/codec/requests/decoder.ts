// Shared shape of request decoders and the two helpers for messages that carry nothing but a version and/or reqId.
// Decoders read fields in wire order; they never look at sockets or session state.

import type { FieldReader } from "../field-reader.js";

/** Reads one request's fields (after the message id) at the negotiated server version. */
export type Decoder<T> = (r: FieldReader, serverVersion: number) => T;

/** `[id, ver]`: nothing but a version field. */
export function versionOnly<K extends string>(type: K): Decoder<{ type: K }> {
  return (r) => {
    r.int();
    return { type };
  };
}

/** `[id, ver, reqId]`: the usual shape of cancels and end-marker requests. */
export function versionThenReqId<K extends string>(type: K): Decoder<{ type: K; reqId: number }> {
  return (r) => {
    r.int();
    return { type, reqId: r.int() };
  };
}

/** `[id, reqId]`: requests introduced without a version field (PnL family). */
export function reqIdOnly<K extends string>(type: K): Decoder<{ type: K; reqId: number }> {
  return (r) => ({ type, reqId: r.int() });
}
