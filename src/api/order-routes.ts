// The order routes, each a thin mapping to one order operation; all use API_REQUEST_TIMEOUT.
import { cancelOrder, getOrderStatus, listOpenOrders, placeOrder, previewOrder } from "../operations/index.js";
import type { OrderResult } from "../domain/index.js";
import type { RouteDef } from "./route-def.js";

const tags = ["orders"];

export const ORDER_ROUTES: readonly RouteDef[] = [
  { method: "POST", path: "/orders/preview", operation: previewOrder, input: "body", tags },
  {
    method: "POST",
    path: "/orders",
    operation: placeOrder,
    input: "body",
    tags,
    // An order that waits for a person's approval was accepted for processing, not placed.
    statusOf: (output) => ((output as OrderResult).status === "PENDING_APPROVAL" ? 202 : 200),
  },
  { method: "GET", path: "/orders/open", operation: listOpenOrders, input: "none", tags },
  { method: "GET", path: "/orders/:order_id/status", operation: getOrderStatus, input: "params", tags },
  { method: "POST", path: "/orders/:order_id/cancel", operation: cancelOrder, input: "params", tags },
];
