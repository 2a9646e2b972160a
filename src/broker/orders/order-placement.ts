// Places orders (SPEC §5.1 step 13, §5.4): single orders and brackets, each waiting at most 2 s for its first
// real broker status or an order error (no sleeps), bracket rollback, and the "sent but state unknown" 503.
import type { Contract, Order } from "@stoqey/ib";
import { GatewayError, type OrderSpec, type OrderStatus, type ResolvedContract } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import type { IbSession } from "../ib-session.js";
import type { Clock } from "../hooks.js";
import { resolvedToIbContract } from "../contracts/contract-details.js";
import { buildBracket, buildSingleOrder, type BracketRole } from "./order-mapping.js";
import { publicOrderId, type OrderRecord } from "./order-record.js";
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
  /** Some order maps to REJECTED or CANCELLED at answer time. */
  rejected: boolean;
}

export interface PlacementDeps {
  connection: Connection;
  tracker: OrderTracker;
  clock: Clock;
}

interface Leg {
  role: BracketRole | null;
  orderId: number;
  order: Order;
}

export async function placeOrder(
  deps: PlacementDeps,
  spec: OrderSpec,
  contract: ResolvedContract,
  accountId: string,
): Promise<PlacementResult> {
  const session = deps.connection.requireReady();
  const legs: Leg[] =
    spec.orderType === "BRACKET"
      ? buildBracket(spec, accountId, deps.connection.reserveOrderIds(3), deps.clock.now())
      : [{ role: null, orderId: deps.connection.reserveOrderIds(1), order: buildSingleOrder(spec, accountId) }];
  const clientId = deps.connection.target.clientId;
  const records = legs.map((leg) => deps.tracker.register(termsOf(leg, contract, accountId, clientId)));
  const waits = records.map((record) => waitForFirstStatus(deps, record));
  const ibContract = resolvedToIbContract(contract);
  for (const leg of legs) send(session, leg, ibContract);
  try {
    await Promise.all(waits);
  } catch (error) {
    throw sentButUnknown(legs[0]?.orderId ?? 0, error);
  }
  const refused = records.filter(isRefused);
  if (refused.length > 0 && records.length > 1) rollback(deps, session, records, refused);
  return buildResult(legs, records, refused);
}

function send(session: IbSession, leg: Leg, contract: Contract): void {
  // Orders never queue behind data requests (tws-protocol A.4 #9).
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

function isRefused(record: OrderRecord): boolean {
  const status = toOrderStatus(record).status;
  return status === "REJECTED" || status === "CANCELLED";
}

/** SPEC §5.4 #6: a refused leg takes the whole bracket down; the legs already placed are cancelled. */
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
