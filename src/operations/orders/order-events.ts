// Records what the broker reports about stored orders: ORDER_STATUS per change of mapped status, ORDER_FILL once per
// execution, ORDER_CANCELLED, order_history updates, the journal's final state and the order metrics. Events about an
// order whose rows are still being written are held back until they exist.
import type { FillEvent, OrderStatusEvent } from "../../broker/index.js";
import type { AuditEvent, OrderRecord } from "../../store/index.js";
import type { GatewayServices } from "../services.js";
import { countOrder } from "./order-audit.js";
import { ActiveOrdersGauge } from "./active-orders.js";
import { appendStreamEvent } from "../stream/index.js";

const MAX_HELD = 10_000;
const FINAL_STATES: Readonly<Record<string, "FILLED" | "CANCELLED" | "REJECTED">> = {
  FILLED: "FILLED",
  CANCELLED: "CANCELLED",
  EXPIRED: "CANCELLED",
  REJECTED: "REJECTED",
};

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

  /**
   * An event about an order without rows waits while a placement is in flight (its rows are about to be written),
   * and a fill of a journalled order waits for reconciliation to write its rows. Bounded: the oldest go first.
   */
  private hold(item: BrokerEvent): void {
    const journalled =
      item.kind === "fill" && item.fill.orderRef !== null && this.services.store.getJournalEntry(item.fill.orderRef);
    if (this.services.orders.placementsInFlight === 0 && !journalled) return;
    this.held.push(item);
    if (this.held.length > MAX_HELD) this.held.splice(0, this.held.length - MAX_HELD);
  }

  private rowOfStatus(event: OrderStatusEvent): OrderRecord | undefined {
    const { store, config } = this.services;
    const byId = store.getOrder(event.orderId) ?? (event.permId ? store.findOrderByPermId(event.permId) : undefined);
    if (byId) return byId;
    // An order answered as `ord_<id>` before its permId was known (its outcome was unknown at the time).
    return event.clientId === config.clientId
      ? store.findOrderByIbkrOrderId(event.ibOrderId, config.clientId)
      : undefined;
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
    this.settleJournal(row, s.status);
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
    appendStreamEvent(store, this.services.logger, {
      topic: "orders",
      type: "order.status",
      data: {
        orderId: row.orderId,
        clientOrderId: row.clientOrderId,
        ibkrOrderId: row.ibkrOrderId ?? event.ibOrderId,
        accountId: row.accountId,
        symbol: row.symbol,
        side: row.side,
        status: s.status,
        previousStatus: row.status,
        brokerStatus: s.brokerStatus,
        filledQuantity: s.filledQuantity,
        remainingQuantity: s.remainingQuantity,
        avgFillPrice: s.avgFillPrice,
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

  /** The journal entry of an order follows its entry leg to a final state. */
  private settleJournal(row: OrderRecord, status: string): void {
    const state = FINAL_STATES[status];
    if (!state || !row.clientOrderId || (row.role !== null && row.role !== "entry")) return;
    this.services.store.updateJournal(row.clientOrderId, { state }, ["SENT", "ACKNOWLEDGED", "UNKNOWN"]);
  }

  /**
   * Once per execution, across every process sharing the store: a re-sent execution (the resync after a restart,
   * or another gateway seeing the same fill) is not recorded again.
   */
  private recordFill(row: OrderRecord, fill: FillEvent): void {
    if (!this.services.store.claimFill(fill.execId, row.orderId)) return;
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
    appendStreamEvent(this.services.store, this.services.logger, {
      topic: "fills",
      type: "order.fill",
      data: {
        orderId: row.orderId,
        clientOrderId: row.clientOrderId,
        accountId: row.accountId,
        execId,
        symbol: fill.symbol,
        side: fill.side,
        quantity,
        price,
        commission,
        commissionCurrency: fill.commissionCurrency,
        cumulativeQuantity: fill.cumulativeQuantity,
        realizedPnl: fill.realizedPnl,
        time,
      },
    });
  }

  /** Asynchronous rows carry the correlation id recorded when the order was placed. */
  private append(row: OrderRecord, event: AuditEvent): void {
    this.services.store.appendSafe({
      ...event,
      correlationId: row.correlationId,
      accountId: row.accountId,
      userContext: { interface: "system" },
    });
  }
}
