// Order requests: place (and what-if), cancel, global cancel, open/all/auto-open orders,
// completed orders and executions. The engine decides what happens to an order; its events are routed by
// order-events.ts, not here.

import type { ExecutionFilter } from "../../codec/index.js";
import type { Connection } from "../connection.js";
import { resolveContract, type HandlerTable, type RequestOf, type SimContext } from "../context.js";
import { completedOrderOf, openOrderMessage, openOrderOf, simOrderOf } from "../placed-orders.js";
import { contractOf, executionOf, orderStatusOf } from "../wire-mapping.js";
import { parseTwsTime } from "../wire-time.js";

function placeOrder(c: Connection, r: RequestOf<"placeOrder">, ctx: SimContext): void {
  const order = simOrderOf(c.clientId, r, ctx.account);
  if (!order) {
    c.error(r.orderId, 201, `Order rejected - reason:Invalid action '${r.order.action}'`);
    return;
  }
  const resolved = resolveContract(ctx, r.contract);
  const instrument = "instrument" in resolved ? resolved.instrument : undefined;
  if (!order.whatIf) {
    const isNew = r.orderId >= ctx.engine.nextOrderId(c.clientId) && !ctx.engine.hasOrder(c.clientId, r.orderId);
    if (isNew && refusedAsInUse(c, r.orderId, ctx)) return;
    // A reused id of a finished order is refused (103) and must not overwrite what that order was placed with.
    if (isNew || ctx.engine.openOrders(c.clientId).some((v) => v.order.orderId === r.orderId)) {
      ctx.placed.remember(c.clientId, r);
    }
    if (isNew) applyOrderFaults(c, r.orderId, ctx);
    ctx.engine.place(order, instrument);
    return;
  }
  const preview = ctx.engine.whatIf(order, instrument);
  if (!preview.ok) {
    c.error(r.orderId, preview.code, preview.message);
    return;
  }
  const { status, commission, commissionCurrency, warningText, ...margins } = preview.state;
  c.send(
    openOrderMessage({
      orderId: r.orderId,
      clientId: c.clientId,
      permId: 0,
      contract: instrument ? contractOf(instrument, r.contract.exchange || instrument.exchange) : r.contract,
      order: { ...r.order, account: order.account, transmit: order.transmit },
      state: { status, ...margins, commission, commissionCurrency, warningText },
    }),
  );
}

/** The order-id-in-use fault: 103 for the next new order, whose id then counts as used; nothing is placed. */
function refusedAsInUse(c: Connection, orderId: number, ctx: SimContext): boolean {
  if (!ctx.faults.take("order-id-in-use")) return false;
  ctx.engine.reserveOrderId(c.clientId, orderId);
  c.error(orderId, 103, "Duplicate order id");
  return true;
}

/**
 * One-shot faults of a new order, before the engine sees it: a warning error first (the order is then worked as
 * usual), or the connection dropped so the client never hears of an order that exists and may fill.
 */
function applyOrderFaults(c: Connection, orderId: number, ctx: SimContext): void {
  const warning = ctx.faults.take("order-warning");
  if (warning) c.error(orderId, warning.code, warning.message);
  if (ctx.faults.take("drop-after-next-order")) {
    ctx.log(`connection ${c.id}: dropped after order ${orderId} (drop-after-next-order fault)`);
    c.destroy();
  }
}

function sendOpenOrders(c: Connection, ctx: SimContext, clientId: number | undefined): void {
  for (const view of ctx.engine.openOrders(clientId)) {
    c.send(openOrderOf(view, ctx.placed.get(view.order.clientId, view.order.orderId)));
    c.send(orderStatusOf(view));
  }
  c.send({ type: "openOrderEnd" });
}

/**
 * Filled and cancelled orders of every client since the start (or the last reset), oldest first. All orders here are
 * API orders, so `apiOnly` changes nothing.
 */
function reqCompletedOrders(c: Connection, _r: RequestOf<"reqCompletedOrders">, ctx: SimContext): void {
  for (const view of ctx.engine.completedOrders()) {
    c.send(completedOrderOf(view, ctx.placed.get(view.order.clientId, view.order.orderId)));
  }
  c.send({ type: "completedOrdersEnd" });
}

function filterOf(filter: ExecutionFilter, ctx: SimContext) {
  const timeMs = filter.time.trim() === "" ? undefined : parseTwsTime(filter.time, ctx.clock.now());
  const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
  return {
    ...(filter.clientId > 0 ? { clientId: filter.clientId } : {}),
    ...(timeMs !== undefined ? { timeMs } : {}),
    account: text(filter.account),
    symbol: text(filter.symbol),
    secType: text(filter.secType),
    exchange: text(filter.exchange),
    side: text(filter.side),
  };
}

function reqExecutions(c: Connection, r: RequestOf<"reqExecutions">, ctx: SimContext): void {
  for (const { execution, commission } of ctx.engine.executions(filterOf(r.filter, ctx))) {
    const contract = contractOf(execution.instrument, execution.exchange);
    c.send({
      type: "executionData",
      reqId: r.reqId,
      orderId: execution.orderId,
      contract,
      execution: executionOf(execution),
    });
    c.send({ type: "commissionReport", ...commission });
  }
  c.send({ type: "executionDataEnd", reqId: r.reqId });
}

export const ORDER_HANDLERS: HandlerTable<
  | "placeOrder"
  | "cancelOrder"
  | "reqGlobalCancel"
  | "reqOpenOrders"
  | "reqAllOpenOrders"
  | "reqAutoOpenOrders"
  | "reqCompletedOrders"
  | "reqExecutions"
> = {
  placeOrder,
  cancelOrder: (c, r, ctx) => ctx.engine.cancel(c.clientId, r.orderId),
  reqGlobalCancel: (_c, _r, ctx) => ctx.engine.globalCancel(),
  reqOpenOrders: (c, _r, ctx) => sendOpenOrders(c, ctx, c.clientId),
  reqAllOpenOrders: (c, _r, ctx) => sendOpenOrders(c, ctx, undefined),
  // Auto-binding attaches orders entered in the TWS window to clientId 0. The simulator has no such orders, and
  // API orders go to their owner only (as in TWS), so there is nothing to bind and nothing to answer.
  reqAutoOpenOrders: () => undefined,
  reqCompletedOrders,
  reqExecutions,
};
