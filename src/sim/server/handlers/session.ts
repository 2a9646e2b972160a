// Connection-level requests (ids, time, managed accounts, log level) and the connect sequence sent after START_API
// The per-clientId order id comes from the engine.

import type { Connection } from "../connection.js";
import type { HandlerTable, SimContext } from "../context.js";

/** TWS's farm-status notices: code → text before the farm name, and the farm it names by default. */
export const FARM_NOTICES: Readonly<Record<number, { text: string; farm: string }>> = {
  2103: { text: "Market data farm connection is broken", farm: "usfarm" },
  2104: { text: "Market data farm connection is OK", farm: "usfarm" },
  2105: { text: "HMDS data farm connection is broken", farm: "ushmds" },
  2106: { text: "HMDS data farm connection is OK", farm: "ushmds" },
  2157: { text: "Sec-def data farm connection is broken", farm: "secdefnj" },
  2158: { text: "Sec-def data farm connection is OK", farm: "secdefnj" },
};

/** `Market data farm connection is OK:usfarm`; the farm defaults to the one TWS names for the code. */
export function farmNoticeText(code: number, farm?: string): string {
  const notice = FARM_NOTICES[code];
  return notice === undefined ? `Farm notice ${code}` : `${notice.text}:${farm ?? notice.farm}`;
}

const CONNECT_NOTICES = [2104, 2106, 2158];

export const CONNECTIVITY_LOST = "Connectivity between IB and Trader Workstation has been lost.";

export function sendConnectSequence(connection: Connection, ctx: SimContext): void {
  connection.send({ type: "managedAccounts", accounts: [ctx.account] });
  connection.send({ type: "nextValidId", orderId: ctx.engine.nextOrderId(connection.clientId) });
  for (const code of CONNECT_NOTICES) connection.error(-1, code, farmNoticeText(code));
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
