// The one table request type → handler of the simulator, and `dispatch`, which runs it. TypeScript checks that
// every decodable request has a handler, so a new decoder cannot be silently ignored.

import type { ClientRequest } from "../codec/index.js";
import type { Connection } from "./connection.js";
import type { HandlerTable, RequestType, SimContext } from "./context.js";
import { ACCOUNT_HANDLERS } from "./handlers/account.js";
import { CONTRACT_HANDLERS } from "./handlers/contracts.js";
import { HISTORICAL_HANDLERS } from "./handlers/historical.js";
import { MARKET_DATA_HANDLERS } from "./handlers/market-data.js";
import { ORDER_HANDLERS } from "./handlers/orders.js";
import { PNL_HANDLERS } from "./handlers/pnl.js";
import { SESSION_HANDLERS } from "./handlers/session.js";

const HANDLERS: HandlerTable<RequestType> = {
  ...SESSION_HANDLERS,
  ...CONTRACT_HANDLERS,
  ...MARKET_DATA_HANDLERS,
  ...HISTORICAL_HANDLERS,
  ...ACCOUNT_HANDLERS,
  ...PNL_HANDLERS,
  ...ORDER_HANDLERS,
};

export function dispatch(connection: Connection, request: ClientRequest, ctx: SimContext): void {
  // The table is keyed by `type`, so the entry always matches the request; TypeScript cannot see that through a union.
  const handle = HANDLERS[request.type] as (c: Connection, r: ClientRequest, x: SimContext) => void;
  handle(connection, request, ctx);
}
