// The order_history rows of one placement: one per broker order, with the preview, the quote used and the
// configuration at the time. Rows start at PENDING_SUBMIT; the event recorder moves them on (events that arrived
// before the rows were written are held until then), and reconciliation catches up with what it missed. Written inside the placement's transaction: a failure rolls it back whole (and it is retried).
import type { OrderResult, OrderSpec } from "../../domain/index.js";
import type { PlacementResult } from "../../broker/index.js";
import type { OrderInput } from "../../store/index.js";
import type { GatewayServices, OperationContext } from "../services.js";
import type { PricedOrder } from "./market-view.js";

/** What preview_data holds for a placed order: the preview figures without a token. */
export function previewData(spec: OrderSpec, priced: PricedOrder, warnings: string[]) {
  return {
    orderSpec: spec,
    estimatedPrice: priced.estimatedPrice,
    estimatedNotional: priced.estimatedNotional,
    totalNotional: priced.totalNotional,
    warnings,
    legs: priced.legs,
  };
}

export async function storeOrderRows(
  services: GatewayServices,
  ctx: OperationContext,
  spec: OrderSpec,
  priced: PricedOrder,
  placement: PlacementResult,
  preview: ReturnType<typeof previewData>,
): Promise<void> {
  const { config } = services;
  const common = {
    correlationId: ctx.correlationId,
    accountId: priced.accountId,
    symbol: spec.instrument.symbol,
    quantity: spec.quantity,
    previewData: preview,
    configSnapshot: { trading_mode: config.tradingMode, orders_enabled: config.ordersEnabled, mode: config.mode },
    marketSnapshot: priced.quote,
    clientOrderId: spec.clientOrderId ?? null,
    apiClientId: config.clientId,
  };
  for (const leg of legRows(spec, priced, placement)) {
    await services.store.upsertOrder({ ...common, status: "PENDING_SUBMIT", ...leg });
  }
}

type LegRow = Pick<OrderInput, "orderId" | "side" | "orderType" | "ibkrOrderId" | "permId" | "role" | "parentOrderId">;

function legRows(spec: OrderSpec, priced: PricedOrder, placement: PlacementResult): LegRow[] {
  if (placement.orderIds.length === 0) {
    const orderId = placement.orderId;
    return [
      {
        orderId,
        side: spec.side,
        orderType: spec.orderType,
        ibkrOrderId: placement.ibOrderId,
        permId: permIdOf(orderId),
        role: null,
        parentOrderId: null,
      },
    ];
  }
  // Bracket legs have consecutive broker ids N, N+1, N+2, in the order of the preview's legs.
  return placement.orderIds.map((orderId, i) => {
    const leg = priced.legs[i];
    return {
      orderId,
      side: leg?.side ?? spec.side,
      orderType: leg?.orderType ?? spec.orderType,
      ibkrOrderId: placement.ibOrderId + i,
      permId: permIdOf(orderId),
      role: leg?.role ?? null,
      parentOrderId: i === 0 ? null : placement.orderId,
    };
  });
}

/** A numeric orderId is the broker's permId. */
function permIdOf(orderId: string): number | null {
  return /^\d+$/.test(orderId) ? Number(orderId) : null;
}

/** The ORDER_SUBMIT row's data (one per request; brackets add every id and role). */
export function submitEventData(spec: OrderSpec, placement: PlacementResult, result: OrderResult) {
  return {
    order_id: placement.orderId,
    ibkr_order_id: placement.ibOrderId,
    status: placement.orderStatus.status,
    result_status: result.status,
    ...(placement.orderIds.length > 0 ? { order_ids: placement.orderIds, order_roles: result.orderRoles } : {}),
  };
}
