// The one dispatch table message type → encoder for server messages, and `encodeMessage`, which turns a typed
// message into a frame at the negotiated server version. Pure: no sockets, no routing.

import type { FieldWriter } from "./field-writer.js";
import { ACCOUNT_ENCODERS, type AccountMessage } from "./responses/account.js";
import { encodeCompletedOrder, type CompletedOrder } from "./responses/completed-order.js";
import { CONTRACT_ENCODERS, type ContractMessage } from "./responses/contracts.js";
import type { EncoderTable } from "./responses/encoder.js";
import { MARKET_DATA_ENCODERS, type MarketDataMessage } from "./responses/market-data.js";
import { encodeOpenOrder, type OpenOrder } from "./responses/open-order.js";
import { ORDER_ENCODERS, type OrderMessage } from "./responses/orders.js";
import { SESSION_ENCODERS, type SessionMessage } from "./responses/session.js";

export type ServerMessage =
  SessionMessage | MarketDataMessage | ContractMessage | AccountMessage | OrderMessage | OpenOrder | CompletedOrder;

const ENCODERS: EncoderTable<ServerMessage> = {
  ...SESSION_ENCODERS,
  ...MARKET_DATA_ENCODERS,
  ...CONTRACT_ENCODERS,
  ...ACCOUNT_ENCODERS,
  ...ORDER_ENCODERS,
  openOrder: encodeOpenOrder,
  completedOrder: encodeCompletedOrder,
};

/** The message's fields (message id first), for tests and logs. */
export function messageFields(message: ServerMessage, serverVersion: number): string[] {
  return writerFor(message, serverVersion).toFields();
}

export function encodeMessage(message: ServerMessage, serverVersion: number): Buffer {
  return writerFor(message, serverVersion).toFrame();
}

function writerFor(message: ServerMessage, serverVersion: number): FieldWriter {
  // The table is keyed by `type`, so the entry always matches the message; TypeScript cannot see that through a union.
  const encode = ENCODERS[message.type] as (m: ServerMessage, sv: number) => FieldWriter;
  return encode(message, serverVersion);
}
