// list_open_orders: every working order of the managed accounts, from all API clients.
import { z } from "zod";
import { OpenOrder } from "../../domain/index.js";
import { defineOperation } from "../operation.js";

export const listOpenOrders = defineOperation({
  name: "list_open_orders",
  summary: "Working orders of the managed accounts (all API clients), sorted by orderId",
  input: z.object({}),
  output: z.array(OpenOrder),
  needsBroker: true,
  run: ({ broker }) => broker.orders.openOrders(),
});
