// The orders part of the broker: what-if, place, cancel, status, open orders, lookup by orderRef, and the
// registry rebuilt from the broker after every (re)connect. Orders are never replayed or re-sent.
import type { CancelResult, OpenOrder, OrderSpec, OrderStatus, ResolvedContract } from "../../domain/index.js";
import { resolveAccountId } from "../account/account-id.js";
import type { Connection } from "../connection.js";
import type { BrokerLogger, Clock } from "../hooks.js";
import { buildOpenOrders } from "./open-orders.js";
import { cancelOutcomeFromState, notFound, sendCancel } from "./order-cancel.js";
import { placeOrder, type PlacementResult } from "./order-placement.js";
import { fetchCompletedOrders, fetchExecutions, fetchOpenOrders, type QueryDeps } from "./order-queries.js";
import type { OrderRecord } from "./order-record.js";
import type { OrderTracker } from "./order-tracker.js";
import { mapBrokerStatus, toOrderStatus } from "./status-mapping.js";
import { requestWhatIf, type WhatIfOutcome } from "./what-if.js";

export interface OrderServiceDeps {
  connection: Connection;
  clock: Clock;
  logger: BrokerLogger;
  /** The registry fed by broker traffic; the Broker owns it and exposes its status and fill events. */
  tracker: OrderTracker;
  /** Open orders, completed orders and executions queries (SPEC §9: 10 s). */
  queryTimeoutMs: number;
}

/** What an order resync found: orders open at the broker (all clients) and executions not seen before. */
export interface OrderResync {
  openOrders: number;
  recoveredFills: number;
}

const WORKING = new Set(["PENDING_SUBMIT", "SUBMITTED", "PARTIALLY_FILLED", "PENDING_CANCEL"]);
const isWorking = (status: string): boolean => WORKING.has(status);

export class OrderService {
  private readonly tracker: OrderTracker;
  private readonly queries: QueryDeps;

  constructor(private readonly deps: OrderServiceDeps) {
    this.tracker = deps.tracker;
    this.queries = { connection: deps.connection, tracker: this.tracker, timeoutMs: deps.queryTimeoutMs };
  }

  async whatIf(spec: OrderSpec, contract: ResolvedContract): Promise<WhatIfOutcome> {
    return requestWhatIf(this.deps.connection, spec, contract, this.accountFor(spec));
  }

  async place(spec: OrderSpec, contract: ResolvedContract): Promise<PlacementResult> {
    const accountId = this.accountFor(spec);
    return placeOrder(this.deps, spec, contract, accountId);
  }

  async cancel(orderId: string): Promise<CancelResult> {
    this.deps.connection.requireReady();
    const record = await this.lookup(orderId);
    if (!record) return notFound(orderId);
    const decided = cancelOutcomeFromState(record, this.deps.connection.target.clientId, orderId);
    return decided ?? sendCancel(this.deps.connection, this.tracker, record);
  }

  /** The broker's view of an order; null when neither the registry nor the broker knows the id. */
  async status(orderId: string): Promise<OrderStatus | null> {
    this.deps.connection.requireReady();
    const record = await this.lookup(orderId);
    return record ? toOrderStatus(record) : null;
  }

  async openOrders(): Promise<OpenOrder[]> {
    const records = await fetchOpenOrders(this.queries);
    return buildOpenOrders(records, this.deps.connection.managedAccounts);
  }

  /** The order placed with this clientOrderId (its orderRef), so a retry finds it instead of placing again. */
  async findByOrderRef(orderRef: string): Promise<OrderStatus | null> {
    this.deps.connection.requireReady();
    const known = this.tracker.findByOrderRef(orderRef);
    if (known?.brokerStatus) return toOrderStatus(known);
    // Unknown here, or sent but never confirmed (the socket dropped): only the broker can say whether it exists.
    await fetchOpenOrders(this.queries);
    await fetchCompletedOrders(this.queries);
    const record = this.tracker.findByOrderRef(orderRef);
    return record?.brokerStatus ? toOrderStatus(record) : null;
  }

  /**
   * Cancels every working order at the broker, of every API client (the kill switch). Resolves with how many
   * orders were working when the cancel was sent; their Cancelled statuses arrive as ordinary status events.
   */
  async globalCancel(): Promise<number> {
    const records = await fetchOpenOrders(this.queries);
    const working = records.filter((r) => isWorking(mapBrokerStatus(r).status)).length;
    const session = this.deps.connection.requireReady();
    session.pacer.urgent(() => session.api.reqGlobalCancel());
    return working;
  }

  /** After every (re)connect: rebuild the registry from the broker and pick up fills missed while away. */
  async resync(): Promise<OrderResync> {
    const open = await fetchOpenOrders(this.queries);
    const known = this.tracker.seenExecIds();
    const execIds = await fetchExecutions(this.queries);
    const recovered = new Set(execIds.filter((execId) => !known.has(execId)));
    return {
      openOrders: open.filter((r) => isWorking(mapBrokerStatus(r).status)).length,
      recoveredFills: recovered.size,
    };
  }

  private accountFor(spec: OrderSpec): string {
    this.deps.connection.requireReady();
    return resolveAccountId(spec.accountId, this.deps.connection.managedAccounts);
  }

  /** Registry → the broker's open orders (all clients) → its completed orders (SPEC §5.3). */
  private async lookup(orderId: string): Promise<OrderRecord | null> {
    const known = this.tracker.find(orderId);
    if (known) return known;
    await fetchOpenOrders(this.queries);
    const open = this.tracker.find(orderId);
    if (open) return open;
    await fetchCompletedOrders(this.queries);
    return this.tracker.find(orderId);
  }
}
