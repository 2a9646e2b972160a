// The life of an accepted order: transmitting its group, working it against quotes, fills with their
// executions and commissions, OCA groups, bracket children, cancels and auctions. Acceptance and ids: engine.ts.

import { midOf, round6, type Clock, type Instrument, type Market } from "../market/index.js";
import type { Account } from "./account.js";
import { COMMISSION_CURRENCY, commissionFor } from "./commissions.js";
import type { ExecutionLog } from "./execution-log.js";
import { isLive, type OrderBook, type OrderRecord } from "./order-book.js";
import { fillPrice, isAuctionOrder, isSet, touchPrice } from "./order-types.js";
import type { CommissionView, EngineEvent, ExecutionView, OrderView } from "./types.js";

export interface FlowContext {
  market: Market;
  clock: Clock;
  book: OrderBook;
  log: ExecutionLog;
  account: Account;
  emit(event: EngineEvent): void;
}

/** Where a fill is reported to have executed. */
function venue(instrument: Instrument): string {
  if (instrument.secType === "OPT") return "CBOE";
  return instrument.primaryExchange !== "" ? instrument.primaryExchange : instrument.exchange;
}

export class OrderFlow {
  /** false while connectivity is lost: orders are accepted but not worked. */
  working = true;

  constructor(private readonly ctx: FlowContext) {}

  view(record: OrderRecord): OrderView {
    const order =
      record.trailStop === undefined ? { ...record.order } : { ...record.order, trailStopPrice: record.trailStop };
    return {
      order,
      instrument: record.instrument,
      permId: record.permId,
      status: record.status,
      filled: record.filled,
      remaining: record.remaining,
      avgFillPrice: round6(record.avgFillPrice),
      lastFillPrice: record.lastFillPrice,
      whyHeld: "",
      mktCapPrice: 0,
    };
  }

  /** Open order followed by its status, as TWS reports every state change of an order. */
  announce(record: OrderRecord): void {
    this.ctx.emit({ type: "openOrder", order: this.view(record) });
    this.ctx.emit({ type: "orderStatus", order: this.view(record) });
  }

  /** Activates the order's parent group (the parent and every order naming it as parent), parent first. */
  transmit(record: OrderRecord): void {
    const { clientId, parentId, orderId } = record.order;
    const root = parentId !== 0 ? parentId : orderId;
    const group = this.ctx.book
      .live()
      .filter(
        (m) => m.order.clientId === clientId && (m === record || m.order.orderId === root || m.order.parentId === root),
      )
      .sort((a, b) => a.order.orderId - b.order.orderId);
    for (const member of group) member.staged = false;
    for (const member of group) this.work(member);
  }

  /** Fills the order if it is marketable now, else lets it rest (or cancels an IOC/FOK order that cannot fill). */
  work(record: OrderRecord): void {
    if (!isLive(record) || record.staged || !this.working || this.waitingForParent(record)) return;
    if (isAuctionOrder(record.order)) return this.markSubmitted(record);
    const price = fillPrice(record, this.ctx.market.quote(record.instrument.conId));
    if (price !== undefined) return this.fill(record, record.remaining, price);
    const immediate = record.order.tif === "IOC" || record.order.tif === "FOK";
    if (immediate && !record.submitted) return this.cancel(record);
    this.markSubmitted(record);
  }

  onPriceChange(conId: number): void {
    for (const record of this.ctx.book.live()) {
      if (record.instrument.conId === conId) this.work(record);
    }
  }

  /** Works every order again, e.g. after connectivity came back. */
  resume(): void {
    for (const record of this.ctx.book.live()) this.work(record);
  }

  fill(record: OrderRecord, quantity: number, price: number): void {
    const { order, instrument } = record;
    record.avgFillPrice = (record.avgFillPrice * record.filled + price * quantity) / (record.filled + quantity);
    record.filled += quantity;
    record.remaining = Math.max(0, record.remaining - quantity);
    record.lastFillPrice = price;
    record.fillCount += 1;
    record.submitted = true;
    record.status = record.remaining > 0 ? "Submitted" : "Filled";
    if (record.status === "Filled") record.completedMs = this.ctx.clock.now();
    const commission = commissionFor({ instrument, quantity, price, firstFillOfOrder: record.fillCount === 1 });
    const realizedPnl = this.ctx.account.applyFill({ instrument, side: order.action, quantity, price, commission });
    this.ctx.market.addVolume(instrument.conId, quantity);
    const execution = this.execution(record, quantity, price);
    const report: CommissionView = { execId: execution.execId, commission, currency: COMMISSION_CURRENCY };
    if (realizedPnl !== undefined) report.realizedPnl = round6(realizedPnl);
    this.ctx.log.record({ execution, commission: report });
    this.ctx.emit({ type: "execution", execution });
    if (record.status === "Filled") this.announce(record);
    else this.ctx.emit({ type: "orderStatus", order: this.view(record) });
    this.ctx.emit({ type: "commission", clientId: order.clientId, report });
    this.ctx.emit({ type: "accountChanged" });
    this.afterFill(record, quantity);
  }

  /** Status Cancelled (filled so far, remaining), error 202, and the same for the order's bracket children. */
  cancel(record: OrderRecord): void {
    if (!isLive(record)) return;
    record.status = "Cancelled";
    record.completedMs = this.ctx.clock.now();
    const { clientId, orderId } = record.order;
    this.ctx.emit({ type: "orderStatus", order: this.view(record) });
    this.ctx.emit({ type: "orderError", clientId, orderId, code: 202, message: "Order Canceled - reason:" });
    for (const child of this.ctx.book.children(record)) this.cancel(child);
  }

  /** Opening auction fills tif OPG orders at last (a limit that does not allow it is cancelled); closing fills MOC. */
  auction(type: "open" | "close"): void {
    if (!this.working) return;
    for (const record of this.ctx.book.live()) {
      if (!isLive(record) || record.staged || this.waitingForParent(record)) continue;
      const { orderType, tif, lmtPrice } = record.order;
      if (type === "close" && orderType === "MOC") this.auctionFill(record, undefined);
      if (type === "open" && tif === "OPG") this.auctionFill(record, orderType === "LMT" ? lmtPrice : undefined);
    }
  }

  /** A forced (possibly partial) fill at `price`, default the touch; undefined when the order cannot fill. */
  forceFill(record: OrderRecord, quantity: number, price?: number): OrderView | undefined {
    if (!isLive(record) || record.staged) return undefined;
    const amount = Math.min(quantity, record.remaining);
    const at = price ?? touchPrice(record.order.action, this.ctx.market.quote(record.instrument.conId));
    if (!(amount > 0) || at === undefined) return undefined;
    this.fill(record, amount, at);
    return this.view(record);
  }

  private auctionFill(record: OrderRecord, limit: number | undefined): void {
    const quote = this.ctx.market.quote(record.instrument.conId);
    const price = quote.last > 0 ? quote.last : midOf(quote);
    if (price <= 0) return;
    if (isSet(limit) && (record.order.action === "BUY" ? price > limit : price < limit)) return this.cancel(record);
    this.fill(record, record.remaining, price);
  }

  private waitingForParent(record: OrderRecord): boolean {
    if (record.order.parentId === 0) return false;
    const parent = this.ctx.book.get(record.order.clientId, record.order.parentId);
    return parent !== undefined && parent.status !== "Filled";
  }

  private markSubmitted(record: OrderRecord): void {
    if (record.submitted) return;
    record.submitted = true;
    record.status = "Submitted";
    this.announce(record);
  }

  /** OCA type 1 cancels the other members; types 2 and 3 reduce them. A filled parent releases its children. */
  private afterFill(record: OrderRecord, quantity: number): void {
    for (const sibling of this.ctx.book.ocaSiblings(record)) {
      if (record.order.ocaType === 2 || record.order.ocaType === 3) this.reduce(sibling, quantity);
      else this.cancel(sibling);
    }
    if (record.status === "Filled") {
      for (const child of this.ctx.book.children(record)) this.work(child);
    }
  }

  private reduce(record: OrderRecord, quantity: number): void {
    record.order = { ...record.order, totalQuantity: Math.max(0, record.order.totalQuantity - quantity) };
    record.remaining = Math.max(0, record.remaining - quantity);
    if (record.remaining === 0) return this.cancel(record);
    this.announce(record);
  }

  private execution(record: OrderRecord, quantity: number, price: number): ExecutionView {
    const { order, instrument } = record;
    return {
      execId: this.ctx.log.nextExecId(),
      orderId: order.orderId,
      clientId: order.clientId,
      permId: record.permId,
      instrument,
      timeMs: this.ctx.clock.now(),
      account: order.account,
      exchange: venue(instrument),
      side: order.action === "BUY" ? "BOT" : "SLD",
      shares: quantity,
      price,
      cumQty: record.filled,
      avgPrice: round6(record.avgFillPrice),
      orderRef: order.orderRef,
    };
  }
}
