// The what-if estimate: the order (a bracket's entry alone, as a transmitted LMT) sent with
// whatIf under a fresh order id, 5 s timeout. Failures are values, never errors: a preview only warns.
import { EventName, type Contract, type Order, type OrderState } from "@stoqey/ib";
import type { OrderSpec, ResolvedContract } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import { resolvedToIbContract } from "../contracts/contract-details.js";
import { TwsError, isNonFatalCode } from "../tws-error.js";
import { buildSingleOrder } from "./order-mapping.js";
import { sameId } from "../request-id.js";

export const WHAT_IF_TIMEOUT_MS = 5000;

export type WhatIfOutcome =
  | {
      ok: true;
      commission: number | null;
      initialMarginChange: number | null;
      maintenanceMarginChange: number | null;
      warningText: string | null;
    }
  /** `rejected`: the broker refused the order (message = its text); `failed`: timeout or connection trouble. */
  | { ok: false; kind: "rejected" | "failed"; message: string };

/** The broker's unset sentinel (1.7976931348623157E308) arrives as undefined or as a huge number. */
function setOrNull(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) || Math.abs(value) >= 1e300 ? null : value;
}

export function whatIfOrder(spec: OrderSpec, accountId: string): Order {
  const single = spec.orderType === "BRACKET" ? { ...spec, orderType: "LMT" as const, ocaGroup: null } : spec;
  return { ...buildSingleOrder(single, accountId), whatIf: true, transmit: true };
}

export async function requestWhatIf(
  connection: Connection,
  spec: OrderSpec,
  contract: ResolvedContract,
  accountId: string,
): Promise<WhatIfOutcome> {
  const session = connection.requireReady();
  // A what-if consumes its order id at the broker, so every preview takes a fresh one.
  const id = connection.reserveOrderIds(1);
  const request = connection.registry.start<OrderState>({
    id,
    operation: "what-if",
    metric: "what_if",
    timeoutMs: WHAT_IF_TIMEOUT_MS,
    onError: (error, req) => {
      if (!isNonFatalCode(error.code, error.message)) req.reject(error);
    },
  });
  const onOpenOrder = (orderId: number, _c: Contract, order: Order, state: OrderState): void => {
    if (sameId(orderId, id) && order.whatIf) request.resolve(state);
  };
  connection.events.on(EventName.openOrder, onOpenOrder);
  request.onSettle(() => connection.events.off(EventName.openOrder, onOpenOrder));
  const order = whatIfOrder(spec, accountId);
  session.pacer.data(() => session.api.placeOrder(id, resolvedToIbContract(contract), order));
  try {
    const state = await request.promise;
    return {
      ok: true,
      commission: setOrNull(state.commission),
      initialMarginChange: setOrNull(state.initMarginChange),
      maintenanceMarginChange: setOrNull(state.maintMarginChange),
      warningText: state.warningText || null,
    };
  } catch (error) {
    if (error instanceof TwsError) return { ok: false, kind: "rejected", message: error.message };
    return { ok: false, kind: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}
