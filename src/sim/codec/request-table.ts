// The one dispatch table messageId → decoder for client requests, and `decodeRequest`, which turns a payload into a
// typed request or a typed reason why not. Pure: no session state, no replies.

import { FieldError, FieldReader } from "./field-reader.js";
import { splitFields } from "./framing.js";
import { ACCOUNT_DECODERS, type AccountRequest } from "./requests/account.js";
import { CONTRACT_DECODERS, type ContractRequest } from "./requests/contracts.js";
import type { Decoder } from "./requests/decoder.js";
import { REQUEST_ID_FIELD } from "./requests/id-fields.js";
import { MARKET_DATA_DECODERS, type MarketDataRequest } from "./requests/market-data.js";
import { ORDER_DECODERS, type OrderRequest } from "./requests/orders.js";
import { PLACE_ORDER_DECODERS, type PlaceOrder } from "./requests/place-order.js";
import { SESSION_DECODERS, type SessionRequest } from "./requests/session.js";
import { UNSUPPORTED_REQID_FIELD } from "./requests/unsupported.js";

export type ClientRequest =
  SessionRequest | MarketDataRequest | ContractRequest | AccountRequest | OrderRequest | PlaceOrder;

const DECODERS: ReadonlyMap<number, Decoder<ClientRequest>> = new Map(
  [SESSION_DECODERS, MARKET_DATA_DECODERS, CONTRACT_DECODERS, ACCOUNT_DECODERS, ORDER_DECODERS, PLACE_ORDER_DECODERS]
    .flatMap((table) => Object.entries(table))
    .map(([id, decoder]) => [Number(id), decoder as Decoder<ClientRequest>]),
);

export type DecodedRequest =
  /** `unreadFields` > 0 means the client sent more than this layout knows (harmless, worth a log line). */
  | { kind: "request"; messageId: number; request: ClientRequest; unreadFields: number }
  /** A well-framed message the simulator does not implement; reqId is -1 when it carries none we know of. */
  | { kind: "unsupported"; messageId: number; reqId: number }
  /**
   * Fields missing or unreadable; the message id is -1 when even that was not a number. reqId is the request's id
   * (or order id) when it could be read, else -1.
   */
  | { kind: "malformed"; messageId: number; reqId: number; reason: string };

export function decodeRequest(payload: Buffer, serverVersion: number): DecodedRequest {
  const fields = splitFields(payload);
  const reader = new FieldReader(fields);
  let messageId = -1;
  try {
    messageId = reader.int();
    const decoder = DECODERS.get(messageId);
    if (!decoder) return { kind: "unsupported", messageId, reqId: idAt(UNSUPPORTED_REQID_FIELD[messageId], fields) };
    const request = decoder(reader, serverVersion);
    return { kind: "request", messageId, request, unreadFields: reader.remaining };
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const field = REQUEST_ID_FIELD[messageId];
    const index = typeof field === "function" ? field(serverVersion) : field;
    return { kind: "malformed", messageId, reqId: idAt(index, fields), reason: error.message };
  }
}

/** The integer at `index`, or -1 when there is no such field or it is not an integer. */
function idAt(index: number | undefined, fields: readonly string[]): number {
  const text = index === undefined ? undefined : fields[index];
  const id = text === undefined || text.trim() === "" ? NaN : Number(text);
  return Number.isInteger(id) ? id : -1;
}
