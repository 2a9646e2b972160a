// Records what the broker reports about stored orders (SPEC §5.5, §5.6, §12.3, §13.2): ORDER_STATUS per change of
// mapped status, ORDER_FILL per execution, ORDER_CANCELLED, order_history updates and the order metrics.
// Events about an order whose placement is still being stored are held back until its rows exist.
import type { FillEvent, OrderStatusEvent } from "../../broker/index.js";
import type { AuditEvent, OrderRecord } from "../../store/index.js";
import type { GatewayServices } from "../services.js";
import { countOrder } from "./order-audit.js";
import { ActiveOrdersGauge } from "./active-orders.js";

type BrokerEvent = { kind: "status"; event: OrderStatusEvent } | { kind: "fill"; fill: FillEvent };

export function recordOrderEvents(services: GatewayServices): () => void {
  const recorder = new OrderEventRecorder(services);
  const unsubscribe = [
    services.broker.onOrderStatus((event) => recorder.handle({ kind: "status", event })),
    services.broker.onFill((fill) => recorder.handle({ kind: "fill", fill })),
    services.orders.onPlacementSettled(() => recorder.retryHeld()),
  ];
  return () => unsubscribe.forEach((off) => off());
}

class OrderEventRecorder {
  private held: BrokerEvent[] = [];
  private readonly active: ActiveOrdersGauge;

  constructor(private readonly services: GatewayServices) {
    this.active = new ActiveOrdersGauge(services.metrics);
  }

  handle(item: BrokerEvent): void {
    try {
      const row = item.kind === "status" ? this.rowOfStatus(item.event) : this.rowOfFill(item.fill);
      if (!row) return this.hold(item);
      // The row update and the audit rows of one broker event commit together: one disk sync, never half of them.
      this.services.store.atomically(() =>
        item.kind === "status" ? this.recordStatus(row, item.event) : this.recordFill(row, item.fill),
      );
    } catch (error) {
      this.services.logger.error("Recording an order event failed", { error });
    }
  }

  retryHeld(): void {
    const held = this.held;
    this.held = [];
    for (const item of held) this.handle(item);
  }

  /** Only while a placement is in flight can an unknown order still become a stored one. */
  private hold(item: BrokerEvent): void {
    if (this.services.orders.placementsInFlight > 0) this.held.push(item);
  }

  private rowOfStatus(event: OrderStatusEvent): OrderRecord | undefined {
    const { store } = this.services;
    return store.getOrder(event.orderId) ?? (event.permId ? store.findOrderByPermId(event.permId) : undefined);
  }

  private rowOfFill(fill: FillEvent): OrderRecord | undefined {
    const { store, config } = this.services;
    const byPerm = fill.permId ? store.findOrderByPermId(fill.permId) : undefined;
    if (byPerm || fill.clientId !== config.clientId) return byPerm;
    return store.findOrderByIbkrOrderId(fill.ibOrderId, config.clientId);
  }

  private recordStatus(row: OrderRecord, event: OrderStatusEvent): void {
    const { store } = this.services;
    const s = event.status;
    const known = { brokerStatus: s.brokerStatus, ...(event.permId ? { permId: event.permId } : {}) };
    if (row.status === s.status) {
      store.updateOrder(row.orderId, known);
      return;
    }
    store.updateOrder(row.orderId, { ...known, status: s.status });
    this.append(row, {
      eventType: "ORDER_STATUS",
      eventData: {
        order_id: row.orderId,
        ibkr_order_id: row.ibkrOrderId ?? event.ibOrderId,
        status: s.status,
        previous_status: row.status,
        broker_status: s.brokerStatus,
        filled_quantity: s.filledQuantity,
        remaining_quantity: s.remainingQuantity,
        avg_fill_price: s.avgFillPrice,
      },
    });
    this.active.update(row.orderId, s.status);
    if (s.status === "CANCELLED") this.recordCancelled(row, s.brokerStatus);
    if (s.status === "FILLED") this.recordFilled(row);
  }

  private recordCancelled(row: OrderRecord, brokerStatus: string | null): void {
    this.append(row, { eventType: "ORDER_CANCELLED", eventData: { order_id: row.orderId, ibkr_status: brokerStatus } });
    countOrder(this.services, "cancelled", row.symbol, "CANCELLED");
  }

  private recordFilled(row: OrderRecord): void {
    countOrder(this.services, "filled", row.symbol, "FILLED");
    const seconds = (this.services.clock.now() - Date.parse(row.placedAt)) / 1000;
    if (Number.isFinite(seconds)) {
      this.services.metrics.observe("order_time_to_fill_seconds", { symbol: row.symbol }, Math.max(0, seconds));
    }
  }

  /** Once per execution: a re-sent execution (e.g. the resync after a restart) is not recorded again. */
  private recordFill(row: OrderRecord, fill: FillEvent): void {
    if (row.fillData?.fills.some((f) => f.exec_id === fill.execId)) return;
    const time = new Date(this.services.clock.now()).toISOString();
    const { execId, quantity, price, commission } = fill;
    this.services.store.addOrderFill(row.orderId, { exec_id: execId, time, quantity, price, commission });
    this.append(row, {
      eventType: "ORDER_FILL",
      eventData: {
        order_id: row.orderId,
        exec_id: execId,
        symbol: fill.symbol,
        side: fill.side,
        quantity,
        price,
        commission,
        commission_currency: fill.commissionCurrency,
        cumulative_quantity: fill.cumulativeQuantity,
        realized_pnl: fill.realizedPnl,
      },
    });
  }

  /** Asynchronous rows carry the correlation id recorded when the order was placed (SPEC §12.2). */
  private append(row: OrderRecord, event: AuditEvent): void {
    this.services.store.appendSafe({
      ...event,
      correlationId: row.correlationId,
      accountId: row.accountId,
      userContext: { interface: "system" },
    });
  }
}
