// Keeps the in-memory order registry current from the broker's order traffic (open orders, statuses, order
// errors, executions) and emits status and fill events for the audit layer. It sends nothing to the broker.
import { EventEmitter } from "node:events";
import {
  EventName,
  type CommissionReport,
  type Contract,
  type Execution,
  type Order,
  type OrderState,
} from "@stoqey/ib";
import type { OrderStatus } from "../../domain/index.js";
import { contractDisplaySymbol } from "../account/positions.js";
import type { Connection } from "../connection.js";
import type { Clock } from "../hooks.js";
import { isOrderWarning } from "../tws-error.js";
import { idOf } from "../request-id.js";
import { FillReporter, type FillEvent } from "./fill-reporter.js";
import { addWarning, matchesOrderId, publicOrderId, type OrderRecord } from "./order-record.js";
import { mapBrokerStatus, toOrderStatus } from "./status-mapping.js";

export interface OrderStatusEvent {
  orderId: string;
  ibOrderId: number;
  permId: number | null;
  /** API client that placed the order; null when unknown. */
  clientId: number | null;
  previousStatus: OrderStatus["status"] | null;
  status: OrderStatus;
}

export interface OrderTrackerEvents {
  /** Any change to a record (internal: placement and cancel waits listen to it). */
  update: [OrderRecord];
  status: [OrderStatusEvent];
  fill: [FillEvent];
}

type Terms = Omit<
  OrderRecord,
  | "brokerStatus"
  | "filled"
  | "remaining"
  | "avgFillPrice"
  | "warnings"
  | "lastUpdateMs"
  | "cancelRequested"
  | "rejected"
  | "publicId"
  | "executions"
>;

export class OrderTracker extends EventEmitter<OrderTrackerEvents> {
  private readonly own = new Map<number, OrderRecord>();
  private readonly byPermId = new Map<number, OrderRecord>();
  private readonly mapped = new Map<OrderRecord, OrderStatus["status"]>();
  private readonly fills: FillReporter;

  constructor(
    private readonly connection: Connection,
    private readonly clock: Clock,
  ) {
    super();
    this.fills = new FillReporter(clock, (fill) => this.emit("fill", fill));
    const events = connection.events;
    events.on(EventName.openOrder, (id: number, contract: Contract, order: Order, state: OrderState) =>
      this.onOpenOrder(id, contract, order, state),
    );
    events.on(EventName.orderStatus, (id, status, filled, remaining, avg, permId, _parent, _last, clientId) =>
      this.onStatus(id, String(status), filled, remaining, avg, permId, clientId),
    );
    events.on(EventName.error, (error: Error, code: number, reqId: number) =>
      this.onError(idOf(reqId), code, error.message),
    );
    events.on(EventName.completedOrder, (contract: Contract, order: Order, state: OrderState) =>
      this.onOpenOrder(order.orderId ?? 0, contract, order, state),
    );
    events.on(EventName.execDetails, (_reqId: number, contract: Contract, execution: Execution) => {
      this.onExecution(execution);
      this.fills.onExecution(contract, execution);
    });
    events.on(EventName.commissionReport, (report: CommissionReport) => this.fills.onCommission(report));
  }

  private get ownClientId(): number {
    return this.connection.target.clientId;
  }

  /** Registers an order the gateway is about to send, before any broker event can mention it. */
  register(terms: Terms): OrderRecord {
    const record = this.newRecord(terms);
    this.own.set(record.ibOrderId, record);
    return record;
  }

  private newRecord(terms: Terms): OrderRecord {
    return {
      ...terms,
      brokerStatus: null,
      filled: 0,
      remaining: null,
      avgFillPrice: 0,
      warnings: [],
      lastUpdateMs: this.clock.now(),
      cancelRequested: false,
      rejected: false,
      publicId: null,
      executions: [],
    };
  }

  find(id: string): OrderRecord | null {
    for (const record of this.all()) if (matchesOrderId(record, id, this.ownClientId)) return record;
    return null;
  }

  findByOrderRef(orderRef: string): OrderRecord | null {
    return this.all().find((r) => r.orderRef === orderRef && r.parentId === 0) ?? null;
  }

  all(): OrderRecord[] {
    return [...new Set([...this.own.values(), ...this.byPermId.values()])];
  }

  markCancelRequested(record: OrderRecord): void {
    record.cancelRequested = true;
  }

  flushFills(): void {
    this.fills.flushAll();
  }

  /** Execution ids seen so far, so a resync can tell which executions it recovered. */
  seenExecIds(): ReadonlySet<string> {
    return this.fills.seenExecIds();
  }

  /**
   * The record a broker message is about. An order of this client is found by its order id first, unless the
   * message's permId says it is another order: a broker that restarted can hand out permIds an earlier session used.
   */
  private locate(orderId: number, permId: number | undefined, clientId: number | undefined): OrderRecord | undefined {
    const mine = clientId === undefined || clientId === this.ownClientId;
    const own = mine && orderId > 0 ? this.own.get(orderId) : undefined;
    if (own && (!permId || own.permId === null || own.permId === permId)) return own;
    return (permId ? this.byPermId.get(permId) : undefined) ?? own;
  }

  private onOpenOrder(orderId: number, contract: Contract, order: Order, state: OrderState): void {
    if (order.whatIf) return;
    const record = this.locate(orderId, order.permId, order.clientId) ?? this.adopt(orderId, order);
    const permId = record.permId;
    Object.assign(record, termsOf(orderId, contract, order, record.accountId));
    record.permId ??= permId;
    record.brokerStatus = String(state.status);
    this.touch(record);
  }

  private onStatus(
    orderId: number,
    status: string,
    filled: number,
    remaining: number,
    avg: number,
    permId?: number,
    clientId?: number,
  ): void {
    const record = this.locate(orderId, permId, clientId);
    if (!record) return;
    if (permId) this.index(record, permId);
    // The broker's latest status wins over an earlier order error: an order it reports alive was not refused.
    if (LIVE_STATUSES.has(status)) record.rejected = false;
    Object.assign(record, {
      brokerStatus: status,
      filled,
      remaining,
      avgFillPrice: avg > 0 ? avg : record.avgFillPrice,
    });
    this.touch(record);
  }

  /** Executions also arrive for fills missed while away (resync): they move the record forward too. */
  private onExecution(execution: Execution): void {
    const record = this.locate(execution.orderId ?? 0, execution.permId, execution.clientId);
    if (record && execution.execId && !record.executions.some((e) => e.execId === execution.execId)) {
      record.executions.push({
        execId: execution.execId,
        time: execution.time ?? "",
        quantity: execution.shares ?? 0,
        price: execution.price ?? 0,
      });
    }
    const cumulative = execution.cumQty ?? 0;
    if (!record || cumulative <= record.filled) return;
    record.filled = cumulative;
    record.remaining = Math.max(0, record.quantity - cumulative);
    record.avgFillPrice = execution.avgPrice ?? record.avgFillPrice;
    if (record.remaining === 0) record.brokerStatus = "Filled";
    this.touch(record);
  }

  private onError(reqId: number, code: number, message: string): void {
    const record = reqId > 0 ? this.own.get(reqId) : undefined;
    if (!record) return;
    addWarning(record, message);
    const beforeAnyStatus = record.brokerStatus === null || record.brokerStatus === "PendingSubmit";
    // 201 is a refusal; another error before any status refuses the order unless it is a warning-class message.
    // Either is undone by a later live status (see onStatus).
    if (code === 201 || (beforeAnyStatus && !isOrderWarning(code, message))) record.rejected = true;
    this.touch(record);
  }

  /** An order the gateway did not place in this process (another client, or before a restart). */
  private adopt(orderId: number, order: Order): OrderRecord {
    const terms = termsOf(orderId, {}, order, order.account ?? "");
    if (order.clientId === undefined || order.clientId === this.ownClientId) return this.register(terms);
    const record = this.newRecord(terms);
    if (record.permId) this.index(record, record.permId);
    return record;
  }

  private index(record: OrderRecord, permId: number): void {
    record.permId = permId;
    this.byPermId.set(permId, record);
  }

  private touch(record: OrderRecord): void {
    if (record.permId) this.index(record, record.permId);
    record.lastUpdateMs = this.clock.now();
    this.emit("update", record);
    const next = mapBrokerStatus(record).status;
    const previous = this.mapped.get(record) ?? null;
    if (previous === next) return;
    this.mapped.set(record, next);
    const id = publicOrderId(record);
    this.emit("status", {
      orderId: id,
      ibOrderId: record.ibOrderId,
      permId: record.permId,
      clientId: record.clientId,
      previousStatus: previous,
      status: toOrderStatus(record),
    });
  }
}

function termsOf(orderId: number, contract: Contract, order: Order, fallbackAccount: string): Terms {
  return {
    ibOrderId: orderId,
    permId: order.permId || null,
    clientId: order.clientId ?? null,
    orderRef: order.orderRef || null,
    accountId: order.account || fallbackAccount,
    symbol: contract.symbol ? contractDisplaySymbol(contract) : "",
    side: order.action === "SELL" ? "SELL" : "BUY",
    quantity: order.totalQuantity ?? 0,
    brokerOrderType: String(order.orderType ?? ""),
    tif: String(order.tif ?? "DAY"),
    limitPrice: positiveOrNull(order.lmtPrice),
    stopPrice: STOP_TYPES.has(String(order.orderType))
      ? positiveOrNull(order.auxPrice)
      : positiveOrNull(order.trailStopPrice),
    parentId: order.parentId ?? 0,
  };
}

const STOP_TYPES = new Set(["STP", "STP LMT"]);
const LIVE_STATUSES = new Set(["PreSubmitted", "Submitted", "Filled"]);

function positiveOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}
