// Records what the broker reports about stored orders: ORDER_STATUS per change of mapped status, ORDER_FILL once per
// execution, ORDER_CANCELLED, order_history updates, the journal's final state and the order metrics. Events about an
// order whose rows are still being written are held back until they exist. Events are recorded one at a time, in the
// order the broker sent them (each reads the row the previous one wrote).
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

/** The broker order an event is about: its client and order id. */
function orderKey(item: BrokerEvent): string {
  const { clientId, ibOrderId } = item.kind === "status" ? item.event : item.fill;
  return `${clientId}:${ibOrderId}`;
}

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
  /** Events waiting for their order's rows (oldest first); retried when a placement settles. */
  private held: BrokerEvent[] = [];
  /** Events to record, oldest first: one at a time, so each reads what the one before wrote. */
  private pending: BrokerEvent[] = [];
  private working = false;
  private readonly active: ActiveOrdersGauge;

  constructor(private readonly services: GatewayServices) {
    this.active = new ActiveOrdersGauge(services.metrics);
  }

  handle(item: BrokerEvent): void {
    this.pending.push(item);
    this.kick();
  }

  /** Held events are older than anything pending: they go first, in their order. */
  retryHeld(): void {
    const held = this.held;
    this.held = [];
    this.pending.unshift(...held);
    this.kick();
  }

  private kick(): void {
    if (this.working || this.pending.length === 0) return;
    this.working = true;
    this.services.orders.writes.track(this.work());
  }

  private async work(): Promise<void> {
    try {
      for (let item = this.pending.shift(); item !== undefined; item = this.pending.shift()) {
        // A later event of an order with events held waits behind them (a status must not overtake an older one).
        const key = orderKey(item);
        if (this.held.some((h) => orderKey(h) === key)) this.held.push(item);
        else await this.record(item);
      }
    } finally {
      this.working = false;
    }
  }

  private async record(item: BrokerEvent): Promise<void> {
    try {
      for (;;) {
        const settledBefore = this.services.orders.placementsSettled;
        // The row update and the audit rows of one broker event commit together: one disk sync, never half of them.
        const recorded = await this.services.store.transaction(async () => {
          const row = item.kind === "status" ? await this.rowOfStatus(item.event) : await this.rowOfFill(item.fill);
          if (!row) return false;
          if (item.kind === "status") await this.recordStatus(row, item.event);
          else await this.recordFill(row, item.fill);
          return true;
        });
        if (recorded) return;
        const journalled =
          item.kind === "fill" &&
          item.fill.orderRef !== null &&
          (await this.services.store.getJournalEntry(item.fill.orderRef)) !== undefined;
        // A placement that settled while we looked may have written the row: look again rather than hold.
        if (this.services.orders.placementsSettled !== settledBefore) continue;
        this.hold(item, journalled);
        return;
      }
    } catch (error) {
      this.services.logger.error("Recording an order event failed", { error });
    }
  }

  /**
   * An event about an order without rows waits while a placement is in flight (its rows are about to be written),
   * and a fill of a journalled order waits for reconciliation to write its rows. Bounded: the oldest go first.
   */
  private hold(item: BrokerEvent, journalled: boolean): void {
    if (this.services.orders.placementsInFlight === 0 && !journalled) return;
    this.held.push(item);
    if (this.held.length > MAX_HELD) this.held.splice(0, this.held.length - MAX_HELD);
  }

  private async rowOfStatus(event: OrderStatusEvent): Promise<OrderRecord | undefined> {
    const { store, config } = this.services;
    const byId =
      (await store.getOrder(event.orderId)) ?? (event.permId ? await store.findOrderByPermId(event.permId) : undefined);
    if (byId) return byId;
    // An order answered as `ord_<id>` before its permId was known (its outcome was unknown at the time).
    return event.clientId === config.clientId
      ? store.findOrderByIbkrOrderId(event.ibOrderId, config.clientId)
      : undefined;
  }

  private async rowOfFill(fill: FillEvent): Promise<OrderRecord | undefined> {
    const { store, config } = this.services;
    const byPerm = fill.permId ? await store.findOrderByPermId(fill.permId) : undefined;
    if (byPerm || fill.clientId !== config.clientId) return byPerm;
    return store.findOrderByIbkrOrderId(fill.ibOrderId, config.clientId);
  }

  private async recordStatus(row: OrderRecord, event: OrderStatusEvent): Promise<void> {
    const { store } = this.services;
    const s = event.status;
    const known = { brokerStatus: s.brokerStatus, ...(event.permId ? { permId: event.permId } : {}) };
    if (row.status === s.status) {
      await store.updateOrder(row.orderId, known);
      return;
    }
    await store.updateOrder(row.orderId, { ...known, status: s.status });
    await this.settleJournal(row, s.status);
    await this.append(row, {
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
    await appendStreamEvent(store, this.services.logger, {
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
    if (s.status === "CANCELLED") await this.recordCancelled(row, s.brokerStatus);
    if (s.status === "FILLED") this.recordFilled(row);
  }

  private async recordCancelled(row: OrderRecord, brokerStatus: string | null): Promise<void> {
    await this.append(row, {
      eventType: "ORDER_CANCELLED",
      eventData: { order_id: row.orderId, ibkr_status: brokerStatus },
    });
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
  private async settleJournal(row: OrderRecord, status: string): Promise<void> {
    const state = FINAL_STATES[status];
    if (!state || !row.clientOrderId || (row.role !== null && row.role !== "entry")) return;
    await this.services.store.updateJournal(row.clientOrderId, { state }, ["SENT", "ACKNOWLEDGED", "UNKNOWN"]);
  }

  /**
   * Once per execution, across every process sharing the store: a re-sent execution (the resync after a restart,
   * or another gateway seeing the same fill) is not recorded again.
   */
  private async recordFill(row: OrderRecord, fill: FillEvent): Promise<void> {
    if (!(await this.services.store.claimFill(fill.execId, row.orderId))) return;
    const time = new Date(this.services.clock.now()).toISOString();
    const { execId, quantity, price, commission } = fill;
    await this.services.store.addOrderFill(row.orderId, { exec_id: execId, time, quantity, price, commission });
    await this.append(row, {
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
    await appendStreamEvent(this.services.store, this.services.logger, {
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
  private async append(row: OrderRecord, event: AuditEvent): Promise<void> {
    await this.services.store.appendSafe({
      ...event,
      correlationId: row.correlationId,
      accountId: row.accountId,
      userContext: { interface: "system" },
    });
  }
}
