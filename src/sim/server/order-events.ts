// Routes the engine's events to the connections that must see them: order, status, execution, commission and
// order-error messages go to the client id that placed the order (TWS sends API orders to their owner only);
// account changes fan out through the context's signal.

import type { ServerMessage } from "../codec/index.js";
import type { EngineEvent } from "../engine/index.js";
import type { Connection } from "./connection.js";
import type { SimContext } from "./context.js";
import { openOrderOf } from "./placed-orders.js";
import { contractOf, executionOf, orderStatusOf } from "./wire-mapping.js";

export function routeEngineEvents(ctx: SimContext, ownerOf: (clientId: number) => Connection | undefined): () => void {
  const deliver = (clientId: number, message: ServerMessage) => ownerOf(clientId)?.send(message);
  return ctx.engine.on((event: EngineEvent) => {
    switch (event.type) {
      case "openOrder": {
        const { order } = event.order;
        deliver(order.clientId, openOrderOf(event.order, ctx.placed.get(order.clientId, order.orderId)));
        break;
      }
      case "orderStatus":
        deliver(event.order.order.clientId, orderStatusOf(event.order));
        break;
      case "execution": {
        const e = event.execution;
        const contract = contractOf(e.instrument, e.exchange);
        deliver(e.clientId, {
          type: "executionData",
          reqId: -1,
          orderId: e.orderId,
          contract,
          execution: executionOf(e),
        });
        break;
      }
      case "commission":
        deliver(event.clientId, { type: "commissionReport", ...event.report });
        break;
      case "orderError":
        deliver(event.clientId, { type: "error", id: event.orderId, code: event.code, message: event.message });
        break;
      case "accountChanged":
        ctx.accountChanged.emit();
        break;
    }
  });
}
