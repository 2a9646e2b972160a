// OrderSpec → broker orders: the nine order types, common fields, and the three linked
// orders of a bracket. Pure; ids and the clock come from the caller. `transmit` is always set.
import type { Order, OrderAction, OrderType as IbOrderType, TimeInForce } from "@stoqey/ib";
import type { OrderSpec } from "../../domain/index.js";

/** The fields of the spec these mappings read; previews and placements pass the parsed spec. */
export type MappableSpec = Pick<
  OrderSpec,
  | "side"
  | "quantity"
  | "orderType"
  | "limitPrice"
  | "stopPrice"
  | "tif"
  | "outsideRth"
  | "clientOrderId"
  | "transmit"
  | "trailingAmount"
  | "trailingPercent"
  | "trailStopPrice"
  | "takeProfitPrice"
  | "stopLossPrice"
  | "stopLossLimitPrice"
  | "bracketTransmit"
  | "ocaGroup"
  | "ocaType"
>;

const has = (v: number | null | undefined): v is number => v !== null && v !== undefined;

function base(spec: MappableSpec, accountId: string, type: string, tif: string): Order {
  const order: Order = {
    action: spec.side as OrderAction,
    totalQuantity: spec.quantity,
    orderType: type as IbOrderType,
    tif: tif as TimeInForce,
    outsideRth: spec.outsideRth,
    transmit: spec.transmit,
    account: accountId,
  };
  if (spec.clientOrderId) order.orderRef = spec.clientOrderId;
  return order;
}

function trailing(order: Order, spec: MappableSpec): void {
  if (has(spec.trailingPercent)) order.trailingPercent = spec.trailingPercent;
  else if (has(spec.trailingAmount)) order.auxPrice = spec.trailingAmount;
  if (has(spec.trailStopPrice)) order.trailStopPrice = spec.trailStopPrice;
}

/** One broker order for every type but BRACKET (which is three, see buildBracket). */
export function buildSingleOrder(spec: MappableSpec, accountId: string): Order {
  const order = buildTyped(spec, accountId);
  if (spec.ocaGroup) {
    order.ocaGroup = spec.ocaGroup;
    order.ocaType = spec.ocaType ?? 1;
  }
  return order;
}

function buildTyped(spec: MappableSpec, accountId: string): Order {
  const tif = spec.tif;
  switch (spec.orderType) {
    case "MKT":
      return base(spec, accountId, "MKT", tif);
    case "LMT":
    case "BRACKET":
      return { ...base(spec, accountId, "LMT", tif), lmtPrice: spec.limitPrice ?? undefined };
    case "STP":
      return { ...base(spec, accountId, "STP", tif), auxPrice: spec.stopPrice ?? undefined };
    case "STP_LMT":
      return {
        ...base(spec, accountId, "STP LMT", tif),
        auxPrice: spec.stopPrice ?? undefined,
        lmtPrice: spec.limitPrice ?? undefined,
      };
    case "TRAIL": {
      const order = base(spec, accountId, "TRAIL", tif);
      trailing(order, spec);
      return order;
    }
    case "TRAIL_LIMIT": {
      const order = { ...base(spec, accountId, "TRAIL LIMIT", tif), lmtPriceOffset: spec.limitPrice ?? undefined };
      trailing(order, spec);
      return order;
    }
    case "MOC":
      return base(spec, accountId, "MOC", "DAY");
    case "OPG":
      return base(spec, accountId, "MKT", "OPG");
  }
}

/** `bracket_<N>_<UTC yyyyMMddHHmmssSSS>`. */
export function bracketOcaGroup(entryId: number, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:T.Z]/g, "");
  return `bracket_${entryId}_${stamp}`;
}

export type BracketRole = "entry" | "take_profit" | "stop_loss";

export interface BracketLeg {
  role: BracketRole;
  orderId: number;
  order: Order;
}

/** Entry, take profit and stop loss with ids N, N+1, N+2; only the last leg may transmit the group. */
export function buildBracket(spec: MappableSpec, accountId: string, entryId: number, nowMs: number): BracketLeg[] {
  const opposite = (spec.side === "BUY" ? "SELL" : "BUY") as OrderAction;
  const group = spec.ocaGroup ?? bracketOcaGroup(entryId, nowMs);
  const entry: Order = {
    ...base(spec, accountId, "LMT", spec.tif),
    lmtPrice: spec.limitPrice ?? undefined,
    transmit: false,
  };
  // Only the entry carries the caller's orderRef, so a lookup by clientOrderId finds exactly one order.
  const child = (type: string): Order => ({
    ...base({ ...spec, clientOrderId: null }, accountId, type, "GTC"),
    action: opposite,
    parentId: entryId,
    ocaGroup: group,
    ocaType: 1,
    transmit: false,
  });
  const takeProfit: Order = { ...child("LMT"), lmtPrice: spec.takeProfitPrice ?? undefined };
  const stopType = has(spec.stopLossLimitPrice) ? "STP LMT" : "STP";
  const stopLoss: Order = {
    ...child(stopType),
    auxPrice: spec.stopLossPrice ?? undefined,
    transmit: spec.bracketTransmit && spec.transmit,
  };
  if (has(spec.stopLossLimitPrice)) stopLoss.lmtPrice = spec.stopLossLimitPrice;
  return [
    { role: "entry", orderId: entryId, order: entry },
    { role: "take_profit", orderId: entryId + 1, order: takeProfit },
    { role: "stop_loss", orderId: entryId + 2, order: stopLoss },
  ];
}

/** Broker type back to the contract's enum; unknown types pass through verbatim. */
export function orderTypeFromBroker(brokerType: string, tif: string): string {
  if (brokerType === "STP LMT") return "STP_LMT";
  if (brokerType === "TRAIL LIMIT") return "TRAIL_LIMIT";
  if (brokerType === "MKT" && tif === "OPG") return "OPG";
  return brokerType;
}
