// Connection-level requests (ids, time, managed accounts, log level) and the connect sequence sent after START_API
// (tws-protocol B.2 step 4, B.7.1). The per-clientId order id comes from the engine.

import type { Connection } from "../connection.js";
import type { HandlerTable, SimContext } from "../context.js";

const FARM_NOTICES: readonly [number, string][] = [
  [2104, "Market data farm connection is OK:usfarm"],
  [2106, "HMDS data farm connection is OK:ushmds"],
  [2158, "Sec-def data farm connection is OK:secdefnj"],
];

export const CONNECTIVITY_LOST = "Connectivity between IB and Trader Workstation has been lost.";

export function sendConnectSequence(connection: Connection, ctx: SimContext): void {
  connection.send({ type: "managedAccounts", accounts: [ctx.account] });
  connection.send({ type: "nextValidId", orderId: ctx.engine.nextOrderId(connection.clientId) });
  for (const [code, text] of FARM_NOTICES) connection.error(-1, code, text);
  if (ctx.faults.connectivityLost()) connection.error(-1, 1100, CONNECTIVITY_LOST);
}

export const SESSION_HANDLERS: HandlerTable<
  "startApi" | "reqIds" | "reqCurrentTime" | "reqManagedAccts" | "setServerLogLevel"
> = {
  // START_API is handled by the connection; a repeat after the start is ignored like TWS does.
  startApi: () => undefined,
  reqIds: (c, _r, ctx) => c.send({ type: "nextValidId", orderId: ctx.engine.nextOrderId(c.clientId) }),
  reqCurrentTime: (c, _r, ctx) => c.send({ type: "currentTime", epochSeconds: Math.floor(ctx.clock.now() / 1000) }),
  reqManagedAccts: (c, _r, ctx) => c.send({ type: "managedAccounts", accounts: [ctx.account] }),
  setServerLogLevel: () => undefined,
};
