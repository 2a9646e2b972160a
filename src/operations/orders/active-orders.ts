// The active_orders{status} gauge: working orders known to the gateway, by mapped status.
// Fed by the order-event recorder; it reads nothing from the broker itself.
import type { OrderStatusValue } from "../../domain/index.js";
import type { Metrics } from "../../obs/index.js";

const WORKING: readonly OrderStatusValue[] = ["PENDING_SUBMIT", "SUBMITTED", "PARTIALLY_FILLED", "PENDING_CANCEL"];

export class ActiveOrdersGauge {
  private readonly statusById = new Map<string, OrderStatusValue>();

  constructor(private readonly metrics: Metrics) {
    this.publish();
  }

  update(orderId: string, status: OrderStatusValue): void {
    if (WORKING.includes(status)) this.statusById.set(orderId, status);
    else this.statusById.delete(orderId);
    this.publish();
  }

  private publish(): void {
    for (const status of WORKING) {
      const count = [...this.statusById.values()].filter((s) => s === status).length;
      this.metrics.set("active_orders", { status }, count);
    }
  }
}
