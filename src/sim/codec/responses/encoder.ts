// Shared shape of response encoders: one function per message type, writing fields in wire order.

import { FieldWriter } from "../field-writer.js";

/** Encoders for a family of messages, keyed by the message's `type`. */
export type EncoderTable<M extends { type: string }> = {
  [K in M["type"]]: (message: Extract<M, { type: K }>, serverVersion: number) => FieldWriter;
};

/** `[id, ver]`. */
export function versionOnly(messageId: number, version: number): FieldWriter {
  return new FieldWriter(messageId).int(version);
}

/** `[id, ver, reqId]`: the usual end marker. */
export function versionThenReqId(messageId: number, version: number, reqId: number): FieldWriter {
  return new FieldWriter(messageId).int(version).int(reqId);
}
