// The orders part of the broker: what-if, place, cancel, status, open orders, lookup by orderRef, and the
// registry rebuilt from the broker after every (re)connect. Orders are never replayed or re-sent.
import type { CancelResult, OpenOrder, OrderSpec, OrderStatus, ResolvedContract } from "../../domain/index.js";
import { resolveAccountId } from "../account/account-id.js";
import type { Connection } from "../connection.js";
import type { BrokerLogger, Clock } from "../hooks.js";
import { buildOpenOrders } from "./open-orders.js";
import { cancelOutcomeFromState, notFound, sendCancel } from "./order-cancel.js";
import {
  awaitPlacement,
  prepareOrder,
  sendPrepared,
  type PlacementResult,
  type PreparedOrder,
  type SentOrder,
} from "./order-placement.js";
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
  /** Open orders, completed orders and executions queries. */
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
  /** Concurrent queries share one broker request: IB ends every open-orders request with the same end marker. */
  private openInFlight: Promise<OrderRecord[]> | null = null;
  private completedInFlight: Promise<OrderRecord[]> | null = null;

  constructor(private readonly deps: OrderServiceDeps) {
    this.tracker = deps.tracker;
    this.queries = { connection: deps.connection, tracker: this.tracker, timeoutMs: deps.queryTimeoutMs };
  }

  async whatIf(spec: OrderSpec, contract: ResolvedContract): Promise<WhatIfOutcome> {
    return requestWhatIf(this.deps.connection, spec, contract, this.accountFor(spec));
  }

  /** Reserves the broker order ids and builds the legs; send them in the same synchronous step. */
  prepare(spec: OrderSpec, contract: ResolvedContract): PreparedOrder {
    return prepareOrder(this.deps, spec, contract, this.accountFor(spec));
  }

  /**
   * Writes a prepared order to the broker now, synchronously (no await between the caller's last check and the
   * socket): the one call through which an order leaves the process. Throws, sending nothing, when not ready.
   */
  send(prepared: PreparedOrder): SentOrder {
    return sendPrepared(this.deps, prepared);
  }

  /** The broker's first answer to a sent order (at most 2 s), or the "sent but state unknown" error. */
  outcome(sent: SentOrder): Promise<PlacementResult> {
    return awaitPlacement(this.deps, sent);
  }

  /** `send` then `outcome`, for callers that have nothing to check in between. */
  async place(spec: OrderSpec, contract: ResolvedContract): Promise<PlacementResult> {
    return this.outcome(this.send(this.prepare(spec, contract)));
  }

  /** The registry's record of a broker order by orderRef, without asking the broker (null when unknown). */
  knownByOrderRef(orderRef: string): OrderStatus | null {
    const known = this.tracker.findByOrderRef(orderRef);
    return known?.brokerStatus ? toOrderStatus(known) : null;
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
    const records = await this.fetchOpen();
    return buildOpenOrders(records, this.deps.connection.managedAccounts);
  }

  /** The order placed with this clientOrderId (its orderRef), so a retry finds it instead of placing again. */
  async findByOrderRef(orderRef: string): Promise<OrderStatus | null> {
    this.deps.connection.requireReady();
    const known = this.tracker.findByOrderRef(orderRef);
    if (known?.brokerStatus) return toOrderStatus(known);
    // Unknown here, or sent but never confirmed (the socket dropped): only the broker can say whether it exists.
    await this.fetchOpen();
    await this.fetchCompleted();
    const record = this.tracker.findByOrderRef(orderRef);
    return record?.brokerStatus ? toOrderStatus(record) : null;
  }

  /**
   * Cancels every working order at the broker, of every API client (the kill switch). The cancel goes out first,
   * synchronously; only then are the orders counted, from the registry as it was (the broker's own list would
   * already show them cancelling). Throws only when not ready; the count never holds the cancel back.
   */
  globalCancel(): number {
    const session = this.deps.connection.requireReady();
    session.pacer.urgent(() => session.api.reqGlobalCancel());
    const working = this.tracker.all().filter((r) => isWorking(mapBrokerStatus(r).status)).length;
    return working;
  }

  /** After every (re)connect: rebuild the registry from the broker and pick up fills missed while away. */
  async resync(): Promise<OrderResync> {
    const open = await this.fetchOpen();
    const known = this.tracker.seenExecIds();
    const execIds = await fetchExecutions(this.queries);
    const recovered = new Set(execIds.filter((execId) => !known.has(execId)));
    return {
      openOrders: open.filter((r) => isWorking(mapBrokerStatus(r).status)).length,
      recoveredFills: recovered.size,
    };
  }

  /**
   * Asks the broker for its open and completed orders and the executions it shows (of every client where it shows
   * them), so the registry knows every order it can see and fills not seen yet are reported.
   */
  async refresh(): Promise<void> {
    await this.fetchOpen();
    await this.fetchCompleted();
    await fetchExecutions(this.queries, true);
  }

  private fetchOpen(): Promise<OrderRecord[]> {
    this.openInFlight ??= fetchOpenOrders(this.queries).finally(() => (this.openInFlight = null));
    return this.openInFlight;
  }

  private fetchCompleted(): Promise<OrderRecord[]> {
    this.completedInFlight ??= fetchCompletedOrders(this.queries).finally(() => (this.completedInFlight = null));
    return this.completedInFlight;
  }

  private accountFor(spec: OrderSpec): string {
    this.deps.connection.requireReady();
    return resolveAccountId(spec.accountId, this.deps.connection.managedAccounts);
  }

  /** Registry → the broker's open orders (all clients) → its completed orders. */
  private async lookup(orderId: string): Promise<OrderRecord | null> {
    const known = this.tracker.find(orderId);
    if (known) return known;
    await this.fetchOpen();
    const open = this.tracker.find(orderId);
    if (open) return open;
    await this.fetchCompleted();
    return this.tracker.find(orderId);
  }
}
