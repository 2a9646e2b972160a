// Public surface of the order pipeline: the order operations, the order-set package API, the runtime state the
// composition root builds and the event recorder it starts.
export { previewOrder } from "./preview-order.js";
export { placeOrder } from "./place-order.js";
export { getOrderStatus } from "./get-order-status.js";
export { cancelOrder } from "./cancel-order.js";
export { listOpenOrders } from "./list-open-orders.js";
export { cancelOrderSet, getOrderSetStatus } from "./order-sets.js";
export { OrderRuntime } from "./order-runtime.js";
export { recordOrderEvents } from "./order-events.js";
export { reconcileAll, startReconciliation } from "./reconcile.js";
export type { ReconcileReport } from "./reconcile.js";
