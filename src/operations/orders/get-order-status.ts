// get_order_status: the mapped status of an order by any of its ids; unknown ids are a 404.
import { z } from "zod";
import { GatewayError, OrderStatus } from "../../domain/index.js";
import { defineOperation } from "../operation.js";
import { findOrderStatus } from "./order-lookup.js";

export const OrderIdParams = z.object({
  order_id: z
    .string()
    .trim()
    .min(1)
    .describe("The orderId POST /orders returned, the broker's permId, or ord_<broker order id>"),
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
    if (!status) throw orderNotFound(order_id);
    return status;
  },
});
