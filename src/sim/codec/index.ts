// Public surface of the simulator's server-side TWS codec: framing, handshake, version gates, request decoding and
// response encoding. Pure functions and value types only; sockets and sessions live in ../server.

export { FrameSplitter } from "./framing.js";
export { parseHello } from "./handshake.js";
export { FieldReader } from "./field-reader.js";
export * from "./versions.js";
export type { ContractFields } from "./contract-fields.js";
export { decodeRequest, type ClientRequest } from "./request-table.js";
export { encodeMessage, messageFields, type ServerMessage } from "./response-table.js";
export { encodeServerHello, formatConnectionTime } from "./responses/session.js";
export { readPlacedOrder, type PlacedOrder, type PlaceOrder } from "./requests/place-order.js";
export type { ReqMktData, ReqHistoricalData } from "./requests/market-data.js";
export type { ExecutionFilter } from "./requests/orders.js";
export type { OrderState } from "./responses/open-order.js";
export type { Bar } from "./responses/market-data.js";
export type { ContractDetails } from "./responses/contracts.js";
export type { Execution } from "./responses/orders.js";
