// Answers for a clientOrderId that is already journalled: the same order replays its recorded result (refreshed
// from the broker when connected), a different order is a 409, and an order another request is still placing is
// waited for; an order that went through an approval answers with it. Nothing here sends an order.
import { setTimeout as sleep } from "node:timers/promises";
import { OrderResult, type OrderStatus } from "../../domain/index.js";
import type { JournalEntry } from "../../store/index.js";
import type { GatewayServices } from "../services.js";
import { idempotencyConflict, type OrderIdentity } from "./order-identity.js";
import { orderResultOf } from "./place-outcomes.js";
import { abandoned, reconcileEntry } from "./reconcile.js";
import { approvalAnswer, approvalRef } from "../approvals/answers.js";

/** How often a waiting request looks at the journal entry another request is placing. */
const POLL_MS = 20;

/** The answer for a key already in the journal; throws IDEMPOTENCY_CONFLICT for a different order. */
export async function replayJournalled(
  services: GatewayServices,
  entry: JournalEntry,
  identity: OrderIdentity,
  signal: AbortSignal | undefined,
): Promise<OrderResult> {
  if (entry.orderHash !== "" && entry.orderHash !== identity.hash) {
    throw idempotencyConflict(entry.clientOrderId, entry.canonicalOrder, identity.canonical);
  }
  // An order that waits for approval, or was refused or failed there, answers from its approval.
  const approval = await services.store.approvalOfOrder(entry.clientOrderId);
  if (approval && approval.status !== "APPROVED") return approvalAnswer(approval, true);
  const settled = await waitWhilePlacing(services, entry, signal);
  const answer = await replay(services, settled);
  return approval ? { ...answer, approval: approvalRef(approval) } : answer;
}

/**
 * Waits while the entry is INTENDED or SENT by a placement that is still under way (here or in another process);
 * a stale one (its process gone or far past any placement's time) is reconciled against the broker instead.
 */
async function waitWhilePlacing(
  services: GatewayServices,
  first: JournalEntry,
  signal: AbortSignal | undefined,
): Promise<JournalEntry> {
  let entry = first;
  while (entry.state === "INTENDED" || entry.state === "SENT") {
    if (abandoned(services, entry)) return (await reconcileEntry(services, entry)) ?? entry;
    if (signal?.aborted) return entry;
    await sleep(POLL_MS, undefined, signal ? { signal } : {}).catch(() => undefined);
    entry = (await services.store.getJournalEntry(entry.clientOrderId)) ?? entry;
  }
  return entry;
}

/**
 * The recorded result with the broker's current view of the order, marked as a replay. An entry whose outcome the
 * journal does not hold (UNKNOWN, or SENT with its answer still unwritten) answers what the broker says about it.
 */
export async function replay(services: GatewayServices, entry: JournalEntry): Promise<OrderResult> {
  let recorded = parseResult(entry);
  if (entry.state === "UNKNOWN" || entry.state === "SENT") {
    const found = services.broker.connection.state === "ready" ? await reconcileEntry(services, entry) : null;
    if (found && found.state !== "UNKNOWN" && found.state !== "SENT") recorded = parseResult(found);
    else recorded = (await fromBroker(services, entry.clientOrderId)) ?? recorded;
  }
  const fresh = await refreshedStatus(services, recorded);
  return {
    ...recorded,
    orderStatus: fresh ?? recorded.orderStatus,
    idempotentReplay: true,
  };
}

/** The broker's order with this orderRef as an answer, when the broker is connected and has it. */
async function fromBroker(services: GatewayServices, clientOrderId: string): Promise<OrderResult | null> {
  if (services.broker.connection.state !== "ready") return null;
  const status = await services.broker.orders.findByOrderRef(clientOrderId).catch(() => null);
  return status ? brokerAnswer(clientOrderId, status) : null;
}

/** An order the broker reports, as the answer to its clientOrderId. */
export function brokerAnswer(clientOrderId: string, status: OrderStatus): OrderResult {
  const refused = status.status === "REJECTED";
  return orderResultOf(clientOrderId, {
    orderId: status.orderId,
    status: refused ? "REJECTED" : "ACCEPTED",
    orderStatus: status,
    errors: refused ? [...status.warnings] : [],
    rejectReason: refused ? "BROKER" : null,
  });
}

function parseResult(entry: JournalEntry): OrderResult {
  const parsed = OrderResult.safeParse(entry.result);
  if (parsed.success) return parsed.data;
  // An entry without a recorded answer (sent, then the process died): what the journal knows.
  return orderResultOf(entry.clientOrderId, {
    orderId: entry.orderId,
    status: entry.state === "REJECTED" || entry.state === "NOT_SENT" ? "REJECTED" : "UNKNOWN",
    errors: entry.note ? [entry.note] : [],
  });
}

/**
 * The broker's view of the recorded order; null keeps the stored status (not connected, unknown, no answer, or an
 * order with that id that is not this one: ids of another broker session can repeat).
 */
async function refreshedStatus(services: GatewayServices, recorded: OrderResult): Promise<OrderStatus | null> {
  if (services.broker.connection.state !== "ready" || recorded.orderId === null) return null;
  try {
    const fresh = await services.broker.orders.status(recorded.orderId);
    return fresh && fresh.clientOrderId === recorded.clientOrderId ? fresh : null;
  } catch (error) {
    services.logger.warning("Order status refresh for an idempotent replay failed", { error });
    return null;
  }
}
