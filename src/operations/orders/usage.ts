// Position and daily usage for MAX_POSITION_NOTIONAL and MAX_DAILY_NOTIONAL. The position comes from the broker;
// today's usage is this process's ledger of orders sent today: each order's exposure is reserved at the send gate
// and released when the order is rejected, never sent, or cancelled without a fill (a cancelled order keeps its
// filled part); the orders of one OCA group count once, at the worst of them. The ledger lives in memory: a restart
// starts the day's count again (docs/config.md).
import type { OrderSpec } from "../../domain/index.js";
import type { UsageFacts } from "../../safety/index.js";
import type { GatewayServices } from "../services.js";
import type { PricedOrder } from "./market-view.js";

interface LedgerEntry {
  clientOrderId: string;
  day: string;
  conId: number;
  /** Signed quantity (BUY positive). */
  quantity: number;
  /** Exposure in base currency at the gate. */
  exposure: number;
  /** One-cancels-all group: at most one of its orders executes, so the group counts once, at its worst order. */
  ocaGroup: string | null;
}

const ledgers = new WeakMap<GatewayServices, LedgerEntry[]>();

function ledgerOf(services: GatewayServices): LedgerEntry[] {
  let ledger = ledgers.get(services);
  if (!ledger) ledgers.set(services, (ledger = []));
  return ledger;
}

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function usageLimitsSet(services: GatewayServices): boolean {
  const { maxPositionNotional, maxDailyNotional } = services.config.limits;
  return maxPositionNotional !== null || maxDailyNotional !== null;
}

/** Called by the send gate for an order that passed: its exposure counts from now on. */
export function reserveUsage(
  services: GatewayServices,
  spec: Pick<OrderSpec, "side" | "quantity" | "ocaGroup"> & { clientOrderId: string },
  priced: PricedOrder,
): void {
  const exposure = priced.exposure.baseExposure;
  if (!usageLimitsSet(services) || exposure === null) return;
  const day = dayOf(services.clock.now());
  const ledger = ledgerOf(services);
  const kept = ledger.filter((e) => e.day === day);
  kept.push({
    clientOrderId: spec.clientOrderId,
    day,
    conId: priced.contract.conId,
    quantity: spec.side === "BUY" ? spec.quantity : -spec.quantity,
    exposure,
    ocaGroup: spec.ocaGroup ?? null,
  });
  ledgers.set(services, kept);
}

/** The part of an entry still counted: all of it while live or filled, the filled part once cancelled, else 0. */
async function counted(services: GatewayServices, entry: LedgerEntry): Promise<{ share: number; working: boolean }> {
  const journal = await services.store.getJournalEntry(entry.clientOrderId);
  const state = journal?.state ?? "SENT";
  if (state === "NOT_SENT" || state === "REJECTED") return { share: 0, working: false };
  if (state === "FILLED") return { share: 1, working: false };
  if (state !== "CANCELLED") return { share: 1, working: true };
  const record = journal?.orderId ? await services.store.getOrder(journal.orderId) : undefined;
  const filled = record?.fillData?.filled_quantity ?? 0;
  return { share: Math.min(1, filled / Math.abs(entry.quantity)), working: false };
}

/** Usage facts for the policy; the broker position is read fresh (null when it cannot be obtained). */
export async function usageFacts(services: GatewayServices, priced: PricedOrder): Promise<UsageFacts> {
  const day = dayOf(services.clock.now());
  let daily = 0;
  const groups = new Map<string, number>();
  let workingQuantity = 0;
  for (const entry of ledgerOf(services)) {
    if (entry.day !== day) continue;
    const { share, working } = await counted(services, entry);
    const value = entry.exposure * share;
    if (entry.ocaGroup === null) daily += value;
    else groups.set(entry.ocaGroup, Math.max(groups.get(entry.ocaGroup) ?? 0, value));
    if (working && entry.conId === priced.contract.conId) workingQuantity += entry.quantity;
  }
  for (const value of groups.values()) daily += value;
  let position: number | null = null;
  if (services.config.limits.maxPositionNotional !== null) {
    try {
      const held = await services.broker.account.positions(priced.accountId);
      const row = held.positions.find((p) => p.conId === priced.contract.conId);
      position = (row?.quantity ?? 0) + workingQuantity;
    } catch (error) {
      services.logger.warning("Positions unavailable for MAX_POSITION_NOTIONAL", { error });
    }
  }
  return { position, dailyNotional: Math.round(daily * 100) / 100 };
}
