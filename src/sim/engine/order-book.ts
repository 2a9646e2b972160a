// Every order the simulator has accepted or rejected since the last reset, keyed by (clientId, orderId), plus the
// identifiers that must stay unique for the simulator's lifetime: permIds and each client's highest order id.

import type { Instrument } from "../market/index.js";
import type { OrderStatusText, OrderView, SimOrder } from "./types.js";

const FIRST_PERM_ID = 1_000_001;

/** The engine's working copy of an order: what OrderView shows, plus the trigger and staging state behind it. */
export interface OrderRecord extends Omit<OrderView, "whyHeld" | "mktCapPrice"> {
  /** transmit=false and not yet activated by its group: never worked. */
  staged: boolean;
  /** Reached the (simulated) exchange: status Submitted has been reported. */
  submitted: boolean;
  /** A stop or trailing order whose trigger fired; from then on it works as MKT or LMT. */
  triggered: boolean;
  /** Current stop of a trailing order (the water mark). */
  trailStop?: number;
  /** Limit of a TRAIL LIMIT order once triggered. */
  triggeredLimit?: number;
  fillCount: number;
  /** When the order reached Filled or Cancelled. */
  completedMs?: number;
}

export function isLive(record: OrderRecord): boolean {
  return record.status === "PreSubmitted" || record.status === "Submitted";
}

export class OrderBook {
  private readonly orders = new Map<string, OrderRecord>();
  private readonly highestIds = new Map<number, number>();
  /** What highestId reports for a client without ids: 0, or the value a nightly restart set. */
  private unusedHighest = 0;
  private lastPermId: number;

  /** `idOffset` shifts the first permId (1,000,001) so that ids of separate simulator runs do not meet. */
  constructor(idOffset = 0) {
    this.lastPermId = FIRST_PERM_ID - 1 + idOffset;
  }

  get(clientId: number, orderId: number): OrderRecord | undefined {
    return this.orders.get(`${clientId}:${orderId}`);
  }

  byPermId(permId: number): OrderRecord | undefined {
    return this.all().find((record) => record.permId === permId);
  }

  /** The highest id of a client that has used none (since a nightly restart, if any). */
  highestId(clientId: number): number {
    return this.highestIds.get(clientId) ?? this.unusedHighest;
  }

  /** Every client's high-water mark becomes `highest` (a nightly restart hands out lower ids). */
  lowerHighestIds(highest: number): void {
    this.highestIds.clear();
    this.unusedHighest = highest;
  }

  markUsed(clientId: number, orderId: number): void {
    this.highestIds.set(clientId, Math.max(this.highestId(clientId), orderId));
  }

  add(order: SimOrder, instrument: Instrument, status: OrderStatusText): OrderRecord {
    this.markUsed(order.clientId, order.orderId);
    const record: OrderRecord = {
      order,
      instrument,
      permId: ++this.lastPermId,
      status,
      filled: 0,
      remaining: order.totalQuantity,
      avgFillPrice: 0,
      lastFillPrice: 0,
      staged: !order.transmit,
      submitted: false,
      triggered: false,
      fillCount: 0,
    };
    this.orders.set(`${order.clientId}:${order.orderId}`, record);
    return record;
  }

  /** In acceptance order (= permId order). */
  all(): OrderRecord[] {
    return [...this.orders.values()];
  }

  live(): OrderRecord[] {
    return this.all().filter(isLive);
  }

  /** Live orders of the same client whose parentId is this order's id. */
  children(parent: OrderRecord): OrderRecord[] {
    return this.live().filter(
      (record) => record.order.clientId === parent.order.clientId && record.order.parentId === parent.order.orderId,
    );
  }

  /** The other live members of a non-empty OCA group. */
  ocaSiblings(member: OrderRecord): OrderRecord[] {
    const group = member.order.ocaGroup;
    if (group === "") return [];
    return this.live().filter((record) => record !== member && record.order.ocaGroup === group);
  }

  /** Forgets the orders; permIds and order-id high-water marks keep counting so ids are never reused. */
  clear(): void {
    this.orders.clear();
  }
}
