// Sends orders and waits for their first answer: single orders and brackets, each leg waiting at most 2 s for its
// first real broker status or an order error (no sleeps), bracket rollback, and the "sent but state unknown" 503.
import type { Contract, Order } from "@stoqey/ib";
import { GatewayError, type OrderSpec, type OrderStatus, type ResolvedContract } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import type { IbSession } from "../ib-session.js";
import type { Clock } from "../hooks.js";
import { resolvedToIbContract } from "../contracts/contract-details.js";
import { buildBracket, buildSingleOrder, type BracketRole } from "./order-mapping.js";
import { publicOrderId, type OrderExecution, type OrderRecord } from "./order-record.js";
import type { OrderTracker } from "./order-tracker.js";
import { toOrderStatus } from "./status-mapping.js";

export const FIRST_STATUS_WAIT_MS = 2000;

export interface PlacementResult {
  orderId: string;
  ibOrderId: number;
  /** [] for single orders; entry, take profit, stop loss for brackets. */
  orderIds: string[];
  orderRoles: Partial<Record<BracketRole, string>>;
  orderStatus: OrderStatus;
  /** Broker messages of refused orders. */
  errors: string[];
  /** The placement was refused (see refusedLegs). */
  rejected: boolean;
  /** Executions of any leg known when the answer was made, oldest first. */
  fills: OrderExecution[];
}

export interface PlacementDeps {
  connection: Connection;
  tracker: OrderTracker;
  clock: Clock;
}

export interface Leg {
  role: BracketRole | null;
  orderId: number;
  order: Order;
}

/** An order with its broker ids reserved and its legs built, not sent yet. */
export interface PreparedOrder {
  legs: Leg[];
  contract: ResolvedContract;
  accountId: string;
  /** Broker order ids of the legs, in leg order (entry first). */
  ibOrderIds: number[];
}

/** An order written to the socket: its legs and their registry records. Nothing about it can be undone here. */
export interface SentOrder extends PreparedOrder {
  records: OrderRecord[];
  waits: Promise<void>[];
}

/**
 * Reserves the order ids and builds the legs. Ids are reserved right before sending (the caller sends in the same
 * synchronous step), so they reach the broker in increasing order: a lower id than one already used is refused
 * with error 103.
 */
export function prepareOrder(
  deps: PlacementDeps,
  spec: OrderSpec,
  contract: ResolvedContract,
  accountId: string,
): PreparedOrder {
  deps.connection.requireReady();
  const legs: Leg[] =
    spec.orderType === "BRACKET"
      ? buildBracket(spec, accountId, deps.connection.reserveOrderIds(3), deps.clock.now())
      : [{ role: null, orderId: deps.connection.reserveOrderIds(1), order: buildSingleOrder(spec, accountId) }];
  return { legs, contract, accountId, ibOrderIds: legs.map((leg) => leg.orderId) };
}

/** Registers the legs and writes them to the socket, synchronously; throws, sending nothing, when not ready. */
export function sendPrepared(deps: PlacementDeps, prepared: PreparedOrder): SentOrder {
  const session = deps.connection.requireReady();
  const clientId = deps.connection.target.clientId;
  const { legs, contract, accountId } = prepared;
  const records = legs.map((leg) => deps.tracker.register(termsOf(leg, contract, accountId, clientId)));
  const waits = records.map((record) => waitForFirstStatus(deps, record));
  const ibContract = resolvedToIbContract(contract);
  for (const leg of legs) send(session, leg, ibContract);
  return { ...prepared, records, waits };
}

/** Waits (at most 2 s) for the first broker answer of every leg; a refused entry takes the bracket down. */
export async function awaitPlacement(deps: PlacementDeps, sent: SentOrder): Promise<PlacementResult> {
  const { legs, records } = sent;
  try {
    await Promise.all(sent.waits);
  } catch (error) {
    // The ids handed out now (`ord_<id>`) stay the orders' ids once the broker reports their permIds.
    records.forEach(publicOrderId);
    throw sentButUnknown(legs[0]?.orderId ?? 0, error);
  }
  const refused = refusedLegs(records);
  const session = deps.connection.readySession;
  if (refused.length > 0 && records.length > 1 && session) rollback(deps, session, records, refused);
  return buildResult(legs, records, refused);
}

function send(session: IbSession, leg: Leg, contract: Contract): void {
  // Orders never queue behind data requests.
  session.pacer.urgent(() => session.api.placeOrder(leg.orderId, contract, leg.order));
}

/** Resolves on the first status other than PendingSubmit/ApiPending, on an order error, or after 2 s. */
function waitForFirstStatus(deps: PlacementDeps, record: OrderRecord): Promise<void> {
  const request = deps.connection.registry.start<void>({
    id: record.ibOrderId,
    operation: "order status",
    metric: "place_order",
    timeoutMs: FIRST_STATUS_WAIT_MS,
    onTimeout: (req) => req.resolve(),
    // The tracker records order errors; the wait only looks at the record.
    onError: () => undefined,
  });
  const check = (updated: OrderRecord): void => {
    if (updated === record && hasAnswer(record)) request.resolve();
  };
  deps.tracker.on("update", check);
  request.onSettle(() => deps.tracker.off("update", check));
  return request.promise;
}

function hasAnswer(record: OrderRecord): boolean {
  const s = record.brokerStatus;
  return record.rejected || (s !== null && s !== "PendingSubmit" && s !== "ApiPending");
}

/**
 * The legs that make the placement a refusal. A single order: rejected or cancelled at answer time. A bracket: its
 * entry rejected or cancelled before any fill, or a protective leg rejected (never merely cancelled: a leg
 * cancelled by its OCA group after the other one filled is the bracket working as meant) while the entry has not
 * filled, since an entry without its protection must not stay.
 */
function refusedLegs(records: OrderRecord[]): OrderRecord[] {
  const [entry, ...children] = records;
  if (!entry) return [];
  const entryStatus = toOrderStatus(entry).status;
  const entryRefused = entryStatus === "REJECTED" || (entryStatus === "CANCELLED" && entry.filled === 0);
  if (children.length === 0) return entryRefused ? [entry] : [];
  if (entryRefused) return [entry];
  if (entry.filled > 0) return [];
  return children.filter((child) => toOrderStatus(child).status === "REJECTED");
}

/** A refused bracket is taken down: the legs still working are cancelled. */
function rollback(deps: PlacementDeps, session: IbSession, records: OrderRecord[], refused: OrderRecord[]): void {
  for (const record of records) {
    if (refused.includes(record)) continue;
    deps.tracker.markCancelRequested(record);
    session.pacer.urgent(() => session.api.cancelOrder(record.ibOrderId));
  }
}

function buildResult(legs: Leg[], records: OrderRecord[], refused: OrderRecord[]): PlacementResult {
  const [entry] = records;
  if (!entry) throw new GatewayError("ORDER_PLACEMENT_ERROR", "Order placement failed: no order was built");
  const bracket = records.length > 1;
  const orderRoles: PlacementResult["orderRoles"] = {};
  legs.forEach((leg, i) => {
    const record = records[i];
    if (leg.role && record) orderRoles[leg.role] = publicOrderId(record);
  });
  return {
    orderId: publicOrderId(entry),
    ibOrderId: entry.ibOrderId,
    orderIds: bracket ? records.map(publicOrderId) : [],
    orderRoles,
    orderStatus: toOrderStatus(entry),
    errors: refused.flatMap((r) => r.warnings),
    rejected: refused.length > 0,
    fills: records.flatMap((r) => r.executions),
  };
}

function sentButUnknown(ibOrderId: number, cause: unknown): GatewayError {
  return new GatewayError(
    "IBKR_CONNECTION_ERROR",
    "IBKR connection failed: connection lost after the order was sent; its state is unknown - " +
      "check GET /orders/open or retry with the same clientOrderId",
    { details: { orderSent: true, ibOrderId }, cause },
  );
}

function termsOf(leg: Leg, contract: ResolvedContract, accountId: string, clientId: number) {
  const o = leg.order;
  return {
    ibOrderId: leg.orderId,
    permId: null,
    clientId,
    orderRef: o.orderRef ?? null,
    accountId,
    symbol: contract.displaySymbol,
    side: o.action === "SELL" ? ("SELL" as const) : ("BUY" as const),
    quantity: o.totalQuantity ?? 0,
    brokerOrderType: String(o.orderType),
    tif: String(o.tif ?? "DAY"),
    limitPrice: o.lmtPrice ?? null,
    stopPrice: o.orderType === "STP" || o.orderType === "STP LMT" ? (o.auxPrice ?? null) : null,
    parentId: o.parentId ?? 0,
  };
}
