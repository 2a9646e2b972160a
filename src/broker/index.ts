// Public surface of src/broker, the only importer of @stoqey/ib: the Broker and the types of its parts.
// Everything here speaks the gateway's domain types; no library type crosses this line.
export { Broker, DEFAULT_TIMEOUTS } from "./broker.js";
export type { BrokerConnection, BrokerOptions, BrokerTimeouts } from "./broker.js";
export type { ConnectionEvent, ConnectionStatus } from "./connection-status.js";
export { ContractCache, sharedContractCache } from "./contracts/contract-cache.js";
export { displaySymbol } from "./contracts/display-symbol.js";
export { DEFAULT_CURRENCY, defaultExchange } from "./contracts/contract-defaults.js";
export type { BrokerLogger, BrokerMetrics, Clock, OperationStatus } from "./hooks.js";
export type { PnlListener, PnlUpdate } from "./account/pnl-watch.js";
export type { CallOptions, SubscribeOptions } from "./market-data/market-data-service.js";
export type { StreamStatus, Subscription } from "./market-data/streaming-quotes.js";
export type { FillEvent } from "./orders/fill-reporter.js";
export type { PlacementResult, PreparedOrder, SentOrder } from "./orders/order-placement.js";
export type { OrderStatusEvent } from "./orders/order-tracker.js";
export type { ResyncPosition, ResyncReport } from "./resync.js";
export type { WhatIfOutcome } from "./orders/what-if.js";
export { TwsError } from "./tws-error.js";
