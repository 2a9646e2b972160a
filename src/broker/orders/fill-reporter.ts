// Pairs executions with their commission reports and reports each execution once:
// when its commission arrives, or after 5 s with commission null. Re-sent executions are ignored by execId.
import type { CommissionReport, Contract, Execution } from "@stoqey/ib";
import type { Clock, TimerHandle } from "../hooks.js";
import { contractDisplaySymbol } from "../account/positions.js";
import { pnlValue } from "../account/pnl-values.js";
import type { OrderIdentity } from "./order-record.js";

export const COMMISSION_WAIT_MS = 5000;

export interface FillEvent extends OrderIdentity {
  execId: string;
  quantity: number;
  price: number;
  cumulativeQuantity: number;
  /** Broker execution time as the broker wrote it. */
  time: string;
  commission: number | null;
  commissionCurrency: string | null;
  realizedPnl: number | null;
}

interface Pending {
  fill: FillEvent;
  timer: TimerHandle;
}

export class FillReporter {
  private readonly seen = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly early = new Map<string, CommissionReport>();

  constructor(
    private readonly clock: Clock,
    private readonly report: (fill: FillEvent) => void,
  ) {}

  onExecution(contract: Contract, execution: Execution): void {
    const execId = execution.execId;
    if (!execId || this.seen.has(execId)) return;
    this.seen.add(execId);
    const fill = toFill(contract, execution);
    const commission = this.early.get(execId);
    if (commission) {
      this.early.delete(execId);
      this.report(withCommission(fill, commission));
      return;
    }
    const timer = this.clock.setTimeout(() => this.flush(execId, null), COMMISSION_WAIT_MS);
    this.pending.set(execId, { fill, timer });
  }

  onCommission(report: CommissionReport): void {
    const execId = report.execId;
    if (!execId) return;
    if (this.pending.has(execId)) this.flush(execId, report);
    else if (!this.seen.has(execId)) this.early.set(execId, report);
  }

  /** Execution ids already seen (reported or waiting for their commission). */
  seenExecIds(): ReadonlySet<string> {
    return new Set(this.seen);
  }

  /** Reports executions still waiting for a commission, e.g. when the adapter stops. */
  flushAll(): void {
    for (const execId of [...this.pending.keys()]) this.flush(execId, null);
  }

  private flush(execId: string, commission: CommissionReport | null): void {
    const pending = this.pending.get(execId);
    if (!pending) return;
    this.pending.delete(execId);
    this.clock.clearTimeout(pending.timer);
    this.report(commission ? withCommission(pending.fill, commission) : pending.fill);
  }
}

function toFill(contract: Contract, execution: Execution): FillEvent {
  return {
    execId: execution.execId ?? "",
    ibOrderId: execution.orderId ?? 0,
    permId: execution.permId || null,
    clientId: execution.clientId ?? null,
    orderRef: execution.orderRef || null,
    accountId: execution.acctNumber ?? "",
    symbol: contractDisplaySymbol(contract),
    side: execution.side === "SLD" || execution.side === "SELL" ? "SELL" : "BUY",
    quantity: execution.shares ?? 0,
    price: execution.price ?? 0,
    cumulativeQuantity: execution.cumQty ?? 0,
    time: execution.time ?? "",
    commission: null,
    commissionCurrency: null,
    realizedPnl: null,
  };
}

function withCommission(fill: FillEvent, report: CommissionReport): FillEvent {
  const realized = report.realizedPNL;
  return {
    ...fill,
    commission: report.commission ?? null,
    commissionCurrency: report.currency || null,
    realizedPnl: realized === undefined || pnlValue(realized) !== realized ? null : realized,
  };
}
