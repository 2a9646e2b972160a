// Reconciliation: the journal against the broker. On every return to ready (after the broker rebuilt its order
// registry), at startup (the first ready), and every 30 s while entries are waiting on another process's order, each
// entry whose outcome is not settled is matched with the broker's open and completed orders by orderRef (every order
// carries its clientOrderId there). Found: the journal takes the broker's state and the order gets its history row
// and ORDER_SUBMIT row if its placement never wrote them (a crash). Not found, for an order of this gateway's own
// client id: it never reached the broker, so it is NOT_SENT. Fills are recorded by the event recorder, once each.
import { hostname } from "node:os";
import { OrderResult, type OrderStatus } from "../../domain/index.js";
import type { JournalEntry, JournalState } from "../../store/index.js";
import type { GatewayServices, OperationContext } from "../services.js";
import { appendOrderEvent } from "./order-audit.js";
import { orderResultOf } from "./place-outcomes.js";

export const RECONCILE_INTERVAL_MS = 30_000;
/** An entry another process left INTENDED or SENT this long ago is no longer being placed (requests end sooner). */
export const ABANDONED_AFTER_MS = 120_000;
const SYSTEM: OperationContext = { interface: "system", correlationId: null };

export interface ReconcileReport {
  checked: number;
  found: number;
  notSent: number;
}

/** Starts reconciling on every resync and periodically; returns the stop function. */
export function startReconciliation(services: GatewayServices): () => void {
  let running: Promise<unknown> | null = null;
  const run = (why: string): void => {
    if (running || services.broker.connection.state !== "ready") return;
    running = reconcileAll(services)
      .then((report) => {
        if (report.found + report.notSent > 0)
          services.logger.info("Orders reconciled with the broker", { why, ...report });
      })
      .catch((error: unknown) => services.logger.warning("Order reconciliation failed", { error, why }))
      .finally(() => (running = null));
  };
  const offResync = services.broker.onResync(() => run("ready"));
  const timer = setInterval(() => {
    needsPeriodicCheck(services).then(
      (needed) => needed && run("periodic"),
      (error: unknown) => services.logger.warning("Order reconciliation check failed", { error }),
    );
  }, RECONCILE_INTERVAL_MS);
  timer.unref();
  return () => {
    offResync();
    clearInterval(timer);
  };
}

/** Matches every unsettled journal entry (and acknowledged orders of other clients) against the broker. */
export async function reconcileAll(services: GatewayServices): Promise<ReconcileReport> {
  const entries = await candidates(services);
  const report: ReconcileReport = { checked: entries.length, found: 0, notSent: 0 };
  if (entries.length === 0) return report;
  await services.broker.orders.refresh();
  for (const entry of entries) {
    const fresh = await services.store.getJournalEntry(entry.clientOrderId);
    if (!fresh || !eligible(services, fresh)) continue;
    const status = services.broker.orders.knownByOrderRef(fresh.clientOrderId);
    if (status) {
      await settleFromBroker(services, fresh, status);
      report.found += 1;
    } else if (await settleMissing(services, fresh)) {
      report.notSent += 1;
    }
  }
  services.orders.rowsWritten();
  return report;
}

/** One entry (a replay that found it stale or UNKNOWN): the entry as it is after reconciling, or null. */
export async function reconcileEntry(services: GatewayServices, entry: JournalEntry): Promise<JournalEntry | null> {
  if (services.broker.connection.state !== "ready") return null;
  try {
    const status = await services.broker.orders.findByOrderRef(entry.clientOrderId);
    if (status) await settleFromBroker(services, entry, status);
    else await settleMissing(services, entry);
    services.orders.rowsWritten();
  } catch (error) {
    services.logger.warning("Reconciling an order with the broker failed", {
      error,
      client_order_id: entry.clientOrderId,
    });
  }
  return (await services.store.getJournalEntry(entry.clientOrderId)) ?? null;
}

const UNSETTLED: readonly JournalState[] = ["INTENDED", "SENT", "UNKNOWN"];

async function candidates(services: GatewayServices): Promise<JournalEntry[]> {
  const own = services.config.clientId;
  const acknowledged = await services.store.journalInState(["ACKNOWLEDGED"]);
  const acknowledgedElsewhere = acknowledged.filter((entry) => entry.apiClientId !== own);
  return [...(await services.store.unsettledJournal()), ...acknowledgedElsewhere];
}

async function needsPeriodicCheck(services: GatewayServices): Promise<boolean> {
  return (await candidates(services)).some((entry) => eligible(services, entry));
}

/** Not an order this process is placing right now, nor one another live process is still placing. */
function eligible(services: GatewayServices, entry: JournalEntry): boolean {
  return (entry.state !== "INTENDED" && entry.state !== "SENT") || abandoned(services, entry);
}

/**
 * An INTENDED or SENT entry no placement is working on any more: this process's and not in flight, its process gone
 * from this host, or older than any placement can take.
 */
export function abandoned(services: GatewayServices, entry: JournalEntry): boolean {
  if (services.orders.placing.has(entry.clientOrderId)) return false;
  if (entry.owner === services.orders.owner || ownerIsDeadHere(entry.owner)) return true;
  return services.clock.now() - Date.parse(entry.updatedAt) > ABANDONED_AFTER_MS;
}

/** True when the owner ran on this host and its process no longer exists. */
export function ownerIsDeadHere(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || pid === undefined) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The journal state an order's mapped broker status stands for. */
export function journalStateOf(status: OrderStatus["status"]): JournalState {
  switch (status) {
    case "FILLED":
      return "FILLED";
    case "CANCELLED":
    case "EXPIRED":
      return "CANCELLED";
    case "REJECTED":
      return "REJECTED";
    default:
      return "ACKNOWLEDGED";
  }
}

/** The broker has the order: the journal takes its state; a placement that left no rows gets them now. */
async function settleFromBroker(services: GatewayServices, entry: JournalEntry, status: OrderStatus): Promise<void> {
  const { store } = services;
  const state = journalStateOf(status.status);
  const previous = OrderResult.safeParse(entry.result);
  const refused = state === "REJECTED";
  const result: OrderResult = {
    ...(previous.success ? previous.data : orderResultOf(entry.clientOrderId, {})),
    orderId: previous.success && previous.data.orderId ? previous.data.orderId : status.orderId,
    status: refused ? "REJECTED" : "ACCEPTED",
    orderStatus: status,
    rejectReason: refused ? "BROKER" : null,
    errors: refused ? [...status.warnings] : previous.success ? previous.data.errors.filter(notUnknownNote) : [],
  };
  const order = canonical(entry);
  await store.transaction(async () => {
    await store.updateJournal(entry.clientOrderId, { state, orderId: result.orderId, result }, [
      ...UNSETTLED,
      "ACKNOWLEDGED",
    ]);
    if ((await store.findOrdersByClientOrderId(entry.clientOrderId)).length > 0) return;
    await store.upsertOrder({
      orderId: result.orderId ?? status.orderId,
      correlationId: entry.correlationId,
      accountId: entry.accountId ?? order.accountId ?? "",
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      orderType: order.orderType,
      status: status.status,
      brokerStatus: status.brokerStatus,
      clientOrderId: entry.clientOrderId,
      apiClientId: entry.apiClientId,
      ibkrOrderId: entry.brokerOrderIds[0] ?? null,
      permId: /^\d+$/.test(status.orderId) ? Number(status.orderId) : null,
      role: order.orderType === "BRACKET" ? "entry" : null,
    });
    if (entry.state === "INTENDED" || entry.state === "SENT") {
      await appendOrderEvent(services, { ...SYSTEM, correlationId: entry.correlationId }, entry.accountId, {
        eventType: "ORDER_SUBMIT",
        eventData: {
          ...requestFacts(order, entry.clientOrderId),
          order_id: result.orderId,
          ibkr_order_id: entry.brokerOrderIds[0] ?? null,
          status: status.brokerStatus,
          result_status: result.status,
          reconciled: true,
        },
      });
    }
  });
}

function notUnknownNote(message: string): boolean {
  return !message.startsWith("Order sent; its outcome is unknown");
}

/**
 * The broker does not have the order. Only for this gateway's own client id is that proof it was never received
 * (another client's completed orders may be invisible to us); such an entry becomes NOT_SENT. True when it did.
 */
async function settleMissing(services: GatewayServices, entry: JournalEntry): Promise<boolean> {
  if (entry.apiClientId !== services.config.clientId || !UNSETTLED.includes(entry.state)) return false;
  const reason =
    entry.state === "INTENDED"
      ? "Never sent: the placement stopped before the order left the gateway"
      : "Not found at the broker after the connection came back: the order never reached it";
  const changed = await services.store.updateJournal(
    entry.clientOrderId,
    { state: "NOT_SENT", note: reason },
    UNSETTLED,
  );
  if (!changed) return false;
  const order = canonical(entry);
  await appendOrderEvent(services, { ...SYSTEM, correlationId: entry.correlationId }, entry.accountId, {
    eventType: "ORDER_NOT_SENT",
    eventData: { ...requestFacts(order, entry.clientOrderId), reason },
  });
  return true;
}

/** The fields every audit row about an order request carries. */
function requestFacts(order: CanonicalFacts, clientOrderId: string) {
  return {
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    order_type: order.orderType,
    client_order_id: clientOrderId,
  };
}

interface CanonicalFacts {
  symbol: string;
  side: string;
  quantity: number;
  orderType: string;
  accountId: string | null;
}

function canonical(entry: JournalEntry): CanonicalFacts {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(entry.canonicalOrder || "{}") as Record<string, unknown>;
  } catch {
    // A legacy entry without its order: the facts stay empty.
  }
  const instrument = (parsed["instrument"] ?? {}) as Record<string, unknown>;
  return {
    symbol: String(instrument["symbol"] ?? ""),
    side: String(parsed["side"] ?? ""),
    quantity: Number(parsed["quantity"] ?? 0),
    orderType: String(parsed["orderType"] ?? ""),
    accountId: typeof parsed["accountId"] === "string" ? parsed["accountId"] : null,
  };
}
