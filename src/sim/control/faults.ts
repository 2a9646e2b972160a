// Carrying out a control-API fault: besides recording it, some faults act at once on every connection
// (notices 1100/1101/1102, dropped sockets, dropped market-data lines) or on the engine (orders not worked, the next
// order rejected).

import type { SimContext } from "../server/context.js";
import { CONNECTIVITY_LOST, farmNoticeText } from "../server/handlers/session.js";
import type { Fault } from "../server/faults.js";
import type { SimServer } from "../server/sim-server.js";
import type { FaultInput } from "./validate.js";

/** IB's warning for a short sale waiting for a locate: the order is held, not rejected. */
const LOCATE_HOLD_CODE = 404;
const LOCATE_HOLD = "Order held while securities are located.";
/** How long a nightly restart refuses connections unless told otherwise. */
const NIGHTLY_RESTART_SECONDS = 30;
const RESTORED_DATA_LOST = "Connectivity between IB and Trader Workstation has been restored - data lost.";
const RESTORED_DATA_KEPT = "Connectivity between IB and Trader Workstation has been restored - data maintained.";

function broadcast(server: SimServer, code: number, message: string): void {
  for (const c of server.connections()) c.error(-1, code, message);
}

/** Ends a connectivity loss: 1101 drops the market-data lines (clients resubscribe), 1102 resumes them. */
export function restoreConnectivity(ctx: SimContext, server: SimServer, dataLost: boolean): void {
  ctx.faults.remove("connectivity-lost");
  ctx.engine.setWorking(true);
  if (!dataLost) {
    broadcast(server, 1102, RESTORED_DATA_KEPT);
    ctx.streamsResumed.emit();
    return;
  }
  for (const c of server.connections()) {
    for (const key of [...c.subscriptions.keys("mkt:"), ...c.subscriptions.keys("hist:")]) c.subscriptions.remove(key);
  }
  broadcast(server, 1101, RESTORED_DATA_LOST);
}

function loseConnectivity(ctx: SimContext, server: SimServer): void {
  if (ctx.faults.connectivityLost()) return;
  ctx.faults.add({ kind: "connectivity-lost" });
  ctx.engine.setWorking(false);
  broadcast(server, 1100, CONNECTIVITY_LOST);
}

/**
 * Drops every client and refuses connections for `seconds`; clients that come back get `nextValidId`, lower than the
 * ids they used. Listed as a fault until the simulator listens again.
 */
function nightlyRestart(ctx: SimContext, server: SimServer, seconds: number, nextValidId: number): void {
  const fault = { kind: "nightly-restart" as const, seconds, nextValidId };
  if (!server.restart(seconds, () => ctx.faults.remove("nightly-restart"))) return;
  ctx.faults.add(fault);
  ctx.engine.restartOrderIds(nextValidId);
}

/** Removes every fault; a connectivity loss ends as "data maintained", a nightly restart ends at once. */
export function clearFaults(ctx: SimContext, server: SimServer): void {
  const wasLost = ctx.faults.connectivityLost();
  server.comeBack();
  ctx.faults.clear();
  ctx.engine.clearRejectNextOrder();
  if (wasLost) restoreConnectivity(ctx, server, false);
}

/** The active faults: the session's, then an armed order rejection until an order consumes it. */
export function activeFaults(ctx: SimContext): Fault[] {
  const reason = ctx.engine.armedRejection();
  const faults: Fault[] = ctx.faults.list();
  return reason === undefined ? faults : [...faults, { kind: "reject-next-order", reason }];
}

export function applyFault(ctx: SimContext, server: SimServer, input: FaultInput): void {
  switch (input.kind) {
    case "drop-connections":
      return server.dropAll();
    case "connectivity-lost":
      return loseConnectivity(ctx, server);
    case "connectivity-restored":
      return restoreConnectivity(ctx, server, input.dataLost === true);
    case "clear":
      return clearFaults(ctx, server);
    case "reject-next-order":
      return ctx.engine.rejectNextOrder(input.reason);
    case "delay-ms":
      return ctx.faults.add({ kind: "delay-ms", ms: input.ms ?? 0 });
    case "pacing-violation":
      return ctx.faults.add({ kind: "pacing-violation" });
    case "drop-after-next-order":
    case "order-id-in-use":
      return ctx.faults.add({ kind: input.kind });
    case "farm-notice":
      return broadcast(server, input.code ?? 2104, farmNoticeText(input.code ?? 2104, input.farm));
    case "nightly-restart":
      return nightlyRestart(ctx, server, input.seconds ?? NIGHTLY_RESTART_SECONDS, input.nextValidId ?? 1);
    case "order-warning": {
      const code = input.code ?? LOCATE_HOLD_CODE;
      const message = input.message ?? (code === LOCATE_HOLD_CODE ? LOCATE_HOLD : `Order warning ${code}`);
      return ctx.faults.add({ kind: "order-warning", code, message });
    }
    default:
      return ctx.faults.add({ kind: input.kind, ...(input.symbol !== undefined ? { symbol: input.symbol } : {}) });
  }
}
