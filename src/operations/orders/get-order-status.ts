// get_order_status: the mapped status of an order by any of its ids, or by the clientOrderId of an order that went
// through an approval (PENDING_APPROVAL while it waits); unknown ids are a 404.
import { z } from "zod";
import { GatewayError, OrderStatus } from "../../domain/index.js";
import { defineOperation } from "../operation.js";
import { findOrderStatus } from "./order-lookup.js";
import { unsentOrderStatus } from "../approvals/answers.js";

export const OrderIdParams = z.object({
  order_id: z
    .string()
    .trim()
    .min(1)
    .describe(
      "The orderId POST /orders returned, the broker's permId, ord_<broker order id>, or the clientOrderId of an " +
        "order placed for approval",
    ),
});

function orderNotFound(orderId: string): GatewayError {
  return new GatewayError("ORDER_NOT_FOUND", `Order not found: Order ${orderId} not found`);
}

export const getOrderStatus = defineOperation({
  name: "get_order_status",
  summary: "Status, fills and broker messages of an order",
  input: OrderIdParams,
  output: OrderStatus,
  needsBroker: true,
  async run(services, { order_id }) {
    const status = await findOrderStatus(services, order_id);
    if (status) return status;
    // A clientOrderId that went through an approval: its status while it waits, or the sent order's.
    const approval = await services.store.approvalOfOrder(order_id);
    if (!approval) throw orderNotFound(order_id);
    const sentAs = (await services.store.getJournalEntry(order_id))?.orderId ?? null;
    const sent = approval.status === "APPROVED" && sentAs !== null ? await findOrderStatus(services, sentAs) : null;
    return sent ?? unsentOrderStatus(approval);
  },
});
