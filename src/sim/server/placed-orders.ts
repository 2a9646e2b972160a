// Order fields the engine does not model, kept as the client sent them (keyed by clientId + orderId) so OPEN_ORDER
// echoes them; and the translation between a decoded PLACE_ORDER and the engine's SimOrder in both directions.

import {
  FieldReader,
  SERVER_VERSION_MAX,
  readPlacedOrder,
  type ContractFields,
  type OrderState,
  type PlaceOrder,
  type PlacedOrder,
  type ServerMessage,
} from "../codec/index.js";
import type { CompletedOrderView, OrderView, SimOrder } from "../engine/index.js";
import { contractOf } from "./wire-mapping.js";
import { formatZoned, TWS_ZONE } from "./wire-time.js";

interface Placed {
  contract: ContractFields;
  order: PlacedOrder;
}

export class PlacedOrders {
  private readonly byKey = new Map<string, Placed>();

  remember(clientId: number, request: PlaceOrder): void {
    this.byKey.set(`${clientId}:${request.orderId}`, { contract: request.contract, order: request.order });
  }

  get(clientId: number, orderId: number): Placed | undefined {
    return this.byKey.get(`${clientId}:${orderId}`);
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** Engine order from a decoded PLACE_ORDER; undefined when the action is not one the engine knows. */
export function simOrderOf(clientId: number, request: PlaceOrder, defaultAccount: string): SimOrder | undefined {
  const o = request.order;
  const action = o.action.trim().toUpperCase();
  if (action !== "BUY" && action !== "SELL" && action !== "SSHORT") return undefined;
  return {
    orderId: request.orderId,
    clientId,
    action: action === "BUY" ? "BUY" : "SELL",
    totalQuantity: o.totalQuantity,
    orderType: o.orderType.trim().toUpperCase(),
    lmtPrice: o.lmtPrice,
    auxPrice: o.auxPrice,
    tif: o.tif.trim().toUpperCase(),
    ocaGroup: o.ocaGroup,
    ocaType: o.ocaType,
    account: o.account === "" ? defaultAccount : o.account,
    orderRef: o.orderRef,
    // An empty transmit (what `@stoqey/ib` sends when left unset) stages the order.
    transmit: o.transmit ?? false,
    parentId: o.parentId,
    outsideRth: o.outsideRth,
    trailingPercent: o.trailingPercent,
    trailStopPrice: o.trailStopPrice,
    lmtPriceOffset: o.lmtPriceOffset,
    whatIf: o.whatIf,
  };
}

export interface OpenOrderParts {
  orderId: number;
  clientId: number;
  permId: number;
  contract: ContractFields;
  order: PlacedOrder;
  state: OrderState;
}

export function openOrderMessage(parts: OpenOrderParts): ServerMessage {
  return { type: "openOrder", ...parts };
}

/** An engine order's contract and order fields: as placed, overlaid with the engine's current values. */
function wireOrderOf(view: OrderView, placed: Placed | undefined): { contract: ContractFields; order: PlacedOrder } {
  const o = view.order;
  const contract = contractOf(view.instrument, placed?.contract.exchange || view.instrument.exchange);
  const base = placed?.order ?? readPlacedOrder(FieldReader.allUnset(), SERVER_VERSION_MAX, contract);
  const order: PlacedOrder = {
    ...base,
    action: o.action === "SELL" && base.action === "SSHORT" ? "SSHORT" : o.action,
    totalQuantity: o.totalQuantity,
    orderType: o.orderType,
    lmtPrice: o.lmtPrice,
    auxPrice: o.auxPrice,
    tif: o.tif,
    ocaGroup: o.ocaGroup,
    ocaType: o.ocaType,
    account: o.account,
    orderRef: o.orderRef,
    transmit: o.transmit,
    parentId: o.parentId,
    outsideRth: o.outsideRth,
    trailingPercent: o.trailingPercent,
    trailStopPrice: o.trailStopPrice,
    lmtPriceOffset: o.lmtPriceOffset,
    whatIf: o.whatIf,
  };
  return { contract, order };
}

/** OPEN_ORDER for an engine order. */
export function openOrderOf(view: OrderView, placed: Placed | undefined): ServerMessage {
  const { orderId, clientId } = view.order;
  const state = { status: view.status, commissionCurrency: "", warningText: "" };
  return openOrderMessage({ orderId, clientId, permId: view.permId, ...wireOrderOf(view, placed), state });
}

/** COMPLETED_ORDER for a filled or cancelled engine order. */
export function completedOrderOf(view: CompletedOrderView, placed: Placed | undefined): ServerMessage {
  return {
    type: "completedOrder",
    ...wireOrderOf(view, placed),
    permId: view.permId,
    parentPermId: view.parentPermId,
    filledQuantity: view.filled,
    status: view.status,
    completedTime: formatZoned(view.completedMs, TWS_ZONE),
    completedStatus: view.status,
  };
}
