// The simulator's order engine: order-id rules and acceptance, what-if, cancels, faults, and the
// account views. Order lifecycles are worked in order-flow.ts; prices come from the injected Market.

import { round6, type Clock, type Instrument, type Market } from "../market/index.js";
import { Account } from "./account.js";
import { normalizeOrder, rejectionReason, UNKNOWN_INSTRUMENT, type AcceptanceContext } from "./acceptance.js";
import { ExecutionLog, type ExecutionEntry } from "./execution-log.js";
import { isLive, OrderBook, type OrderRecord } from "./order-book.js";
import { OrderFlow } from "./order-flow.js";
import { isSet, updateTrail } from "./order-types.js";
import type {
  AccountRow,
  AccountValueRow,
  CompletedOrderView,
  EngineEvent,
  EngineState,
  ExecutionFilter,
  OrderView,
  PnlSingleView,
  PnlView,
  PortfolioView,
  PositionView,
  SimOrder,
  WhatIfState,
} from "./types.js";
import { whatIfState } from "./what-if.js";

export class Engine {
  private readonly market: Market;
  private readonly book: OrderBook;
  private readonly log: ExecutionLog;
  private readonly account: Account;
  private readonly flow: OrderFlow;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly unsubscribe: () => void;
  private injectedRejection: string | undefined;

  /** `idOffset` (default 0) is added to every permId and execution-id counter (see ids.ts). */
  constructor(opts: { market: Market; clock: Clock; account: string; idOffset?: number }) {
    this.market = opts.market;
    this.book = new OrderBook(opts.idOffset);
    this.log = new ExecutionLog(opts.idOffset);
    this.account = new Account(opts.market, opts.account);
    const { book, log, account } = this;
    this.flow = new OrderFlow({
      market: opts.market,
      clock: opts.clock,
      book,
      log,
      account,
      emit: (e) => this.emit(e),
    });
    this.unsubscribe = opts.market.onPriceChange((conId) => this.onPriceChange(conId));
  }

  /** Events in wire order, e.g. execution, openOrder, orderStatus(Filled), commission. Returns unsubscribe. */
  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** 1 for a new client id, else one above the highest id it used. */
  nextOrderId(clientId: number): number {
    return this.book.highestId(clientId) + 1;
  }

  /** Whether the client has an order (working or finished) with this id since the start or the last reset. */
  hasOrder(clientId: number, orderId: number): boolean {
    return this.book.get(clientId, orderId) !== undefined;
  }

  /** Counts an id as used without placing anything (the order-id-in-use fault). */
  reserveOrderId(clientId: number, orderId: number): void {
    this.book.markUsed(clientId, orderId);
  }

  /**
   * Nightly restart: every client's next valid id becomes `nextId`, lower than before. Orders keep their ids, so a
   * client that reuses one modifies that working order, or gets 103/104 for a finished one, as at IB.
   */
  restartOrderIds(nextId: number): void {
    this.book.lowerHighestIds(nextId - 1);
  }

  /** Accepts, modifies or rejects an order; every outcome is reported as events. */
  place(received: SimOrder, instrument: Instrument | undefined): void {
    const order = normalizeOrder(received, this.account.id);
    const existing = this.book.get(order.clientId, order.orderId);
    if (existing !== undefined) return this.resend(existing, order, instrument);
    if (order.orderId <= this.book.highestId(order.clientId)) return this.orderError(order, 103, "Duplicate order id");
    const reason = this.takeInjectedRejection() ?? rejectionReason(order, instrument, this.context(order));
    if (reason !== undefined || instrument === undefined) return this.reject(order, instrument, reason ?? "");
    const record = this.book.add(order, instrument, "PreSubmitted");
    this.startTrail(record);
    this.flow.announce(record);
    if (order.transmit) this.flow.transmit(record);
  }

  /** Margin and commission the order would cause; nothing is kept, but the id counts as used. */
  whatIf(
    received: SimOrder,
    instrument: Instrument | undefined,
  ): { ok: true; state: WhatIfState } | { ok: false; code: number; message: string } {
    const order = normalizeOrder({ ...received, parentId: 0 }, this.account.id);
    this.book.markUsed(order.clientId, order.orderId);
    const reason = rejectionReason(order, instrument, { account: this.account.id, parent: undefined });
    if (reason !== undefined || instrument === undefined) {
      return { ok: false, code: 201, message: `Order rejected - reason:${reason ?? ""}` };
    }
    return { ok: true, state: whatIfState(this.account, order, instrument, this.market.quote(instrument.conId)) };
  }

  cancel(clientId: number, orderId: number): void {
    const record = this.book.get(clientId, orderId);
    if (record === undefined) {
      return this.orderError(
        { clientId, orderId },
        10147,
        `OrderId ${orderId} that needs to be cancelled is not found.`,
      );
    }
    if (!isLive(record)) {
      const message = `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${record.status}.`;
      return this.orderError({ clientId, orderId }, 10148, message);
    }
    this.flow.cancel(record);
  }

  /** Cancels every working order of every client. */
  globalCancel(): void {
    for (const record of this.book.live()) this.flow.cancel(record);
  }

  /** Working orders (staged, PreSubmitted or Submitted); clientId undefined = every client. */
  openOrders(clientId?: number): OrderView[] {
    return this.book
      .live()
      .filter((record) => clientId === undefined || record.order.clientId === clientId)
      .map((record) => this.flow.view(record));
  }

  /** Filled and cancelled orders of every client since the start (or the last reset), in acceptance order. */
  completedOrders(): CompletedOrderView[] {
    const views: CompletedOrderView[] = [];
    for (const record of this.book.all()) {
      if (record.completedMs === undefined) continue;
      const { clientId, parentId } = record.order;
      const parent = parentId === 0 ? undefined : this.book.get(clientId, parentId);
      views.push({ ...this.flow.view(record), completedMs: record.completedMs, parentPermId: parent?.permId ?? 0 });
    }
    return views;
  }

  executions(filter: ExecutionFilter): ExecutionEntry[] {
    return this.log.find(filter);
  }

  /** The control API's partial fill: `quantity` of a working order at `price` (default the touch). */
  forceFill(permId: number, quantity: number, price?: number): OrderView | undefined {
    const record = this.book.byPermId(permId);
    return record === undefined ? undefined : this.flow.forceFill(record, quantity, price);
  }

  auction(type: "open" | "close"): void {
    this.flow.auction(type);
  }

  /**
   * One-shot fault: the next new non-what-if order is rejected with 201 and this reason. Modifications, reused ids
   * and what-if previews leave it armed.
   */
  rejectNextOrder(reason?: string): void {
    this.injectedRejection = reason === undefined || reason === "" ? "Simulated rejection" : reason;
  }

  /** Withdraws an armed rejection that no order has consumed yet. */
  clearRejectNextOrder(): void {
    this.injectedRejection = undefined;
  }

  /** The reason of the armed rejection, or undefined when none is armed. */
  armedRejection(): string | undefined {
    return this.injectedRejection;
  }

  /** false = connectivity lost: orders are accepted but not worked; true resumes and works them. */
  setWorking(working: boolean): void {
    this.flow.working = working;
    if (working) this.flow.resume();
  }

  accountSummary(): AccountRow[] {
    return this.account.summary();
  }

  accountValues(): AccountValueRow[] {
    return this.account.values();
  }

  positions(): PositionView[] {
    return this.account.positions();
  }

  portfolio(): PortfolioView[] {
    return this.account.portfolio();
  }

  pnl(): PnlView {
    return this.account.pnl();
  }

  pnlSingle(conId: number): PnlSingleView | undefined {
    return this.account.pnlSingle(conId);
  }

  state(): EngineState {
    return {
      orders: this.book.all().map((record) => orderRow(record)),
      positions: this.account.positions().map(({ instrument, position, avgCost }) => ({
        symbol: instrument.symbol,
        localSymbol: instrument.localSymbol,
        secType: instrument.secType,
        conId: instrument.conId,
        position,
        avgCost,
      })),
      cash: this.account.cash(),
      netLiquidation: round6(this.account.valuation().netLiquidation),
    };
  }

  /** Orders, executions, account and faults back to the initial state; permIds, exec ids and order ids keep counting. */
  reset(): void {
    this.book.clear();
    this.log.clear();
    this.account.reset();
    this.clearRejectNextOrder();
    this.flow.working = true;
    this.emit({ type: "accountChanged" });
  }

  /** Stops listening to the market. */
  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private onPriceChange(conId: number): void {
    this.flow.onPriceChange(conId);
    if (this.account.positionQuantity(conId) !== 0) this.emit({ type: "accountChanged" });
  }

  /** Same id as an existing order: modify it while it is live; 104 once filled; 103 once cancelled or rejected. */
  private resend(record: OrderRecord, order: SimOrder, instrument: Instrument | undefined): void {
    if (record.status === "Filled") return this.orderError(order, 104, "Can't modify a filled order.");
    if (!isLive(record)) return this.orderError(order, 103, "Duplicate order id");
    const reason =
      rejectionReason(order, instrument, this.context(order)) ??
      (order.totalQuantity <= record.filled ? "Order quantity must exceed the filled quantity" : undefined);
    if (reason !== undefined || instrument === undefined) {
      return this.orderError(order, 201, `Order rejected - reason:${reason ?? ""}`);
    }
    const activate = record.staged && order.transmit;
    Object.assign(record, { order, instrument, remaining: order.totalQuantity - record.filled, triggered: false });
    record.trailStop = undefined;
    record.triggeredLimit = undefined;
    this.startTrail(record);
    this.flow.announce(record);
    if (activate) this.flow.transmit(record);
    else this.flow.work(record);
  }

  private reject(order: SimOrder, instrument: Instrument | undefined, reason: string): void {
    const record = this.book.add(order, instrument ?? UNKNOWN_INSTRUMENT, "Inactive");
    this.orderError(order, 201, `Order rejected - reason:${reason}`);
    this.emit({ type: "orderStatus", order: this.flow.view(record) });
  }

  /** A trailing order's water mark starts at acceptance. */
  private startTrail(record: OrderRecord): void {
    if (record.order.orderType === "TRAIL" || record.order.orderType === "TRAIL LIMIT") {
      updateTrail(record, this.market.quote(record.instrument.conId));
    }
  }

  private takeInjectedRejection(): string | undefined {
    const reason = this.injectedRejection;
    this.injectedRejection = undefined;
    return reason;
  }

  private context(order: SimOrder): AcceptanceContext {
    const parent = order.parentId === 0 ? undefined : this.book.get(order.clientId, order.parentId);
    return { account: this.account.id, parent };
  }

  private orderError(order: { clientId: number; orderId: number }, code: number, message: string): void {
    this.emit({ type: "orderError", clientId: order.clientId, orderId: order.orderId, code, message });
  }

  private emit(event: EngineEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function orderRow(record: OrderRecord): EngineState["orders"][number] {
  const { order, instrument } = record;
  const orNull = (value: number | undefined) => (isSet(value) ? value : null);
  return {
    orderId: order.orderId,
    clientId: order.clientId,
    permId: record.permId,
    symbol: instrument.symbol,
    secType: instrument.secType,
    conId: instrument.conId,
    action: order.action,
    totalQuantity: order.totalQuantity,
    orderType: order.orderType,
    lmtPrice: orNull(order.lmtPrice),
    auxPrice: orNull(order.auxPrice),
    tif: order.tif,
    ocaGroup: order.ocaGroup,
    ocaType: order.ocaType,
    parentId: order.parentId,
    transmit: order.transmit,
    orderRef: order.orderRef,
    account: order.account,
    outsideRth: order.outsideRth,
    trailingPercent: orNull(order.trailingPercent),
    trailStopPrice: orNull(record.trailStop ?? order.trailStopPrice),
    lmtPriceOffset: orNull(order.lmtPriceOffset),
    status: record.status,
    filled: record.filled,
    remaining: record.remaining,
    avgFillPrice: round6(record.avgFillPrice),
  };
}
