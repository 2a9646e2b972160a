// Executions since the last reset with their commission reports, the execution-id counter, and the executions
// request filter. Exec ids (`0000e0d5.<8-hex counter>.01.01`) keep counting across resets so none is reused.

import type { CommissionView, ExecutionFilter, ExecutionView } from "./types.js";

export interface ExecutionEntry {
  execution: ExecutionView;
  commission: CommissionView;
}

function matchesSide(side: string | undefined, execution: ExecutionView): boolean {
  if (side === undefined || side === "") return true;
  const wanted = side.toUpperCase();
  return execution.side === (wanted === "BUY" ? "BOT" : wanted === "SELL" ? "SLD" : wanted);
}

function matchesText(wanted: string | undefined, ...actual: string[]): boolean {
  return wanted === undefined || wanted === "" || actual.includes(wanted.toUpperCase());
}

export class ExecutionLog {
  private entries: ExecutionEntry[] = [];
  private counter: number;

  /** `idOffset` shifts the first counter value (1), as for permIds. */
  constructor(idOffset = 0) {
    this.counter = idOffset;
  }

  nextExecId(): string {
    this.counter += 1;
    return `0000e0d5.${this.counter.toString(16).padStart(8, "0")}.01.01`;
  }

  record(entry: ExecutionEntry): void {
    this.entries.push(entry);
  }

  /** Absent (or empty) filter fields match everything. */
  find(filter: ExecutionFilter): ExecutionEntry[] {
    return this.entries.filter(({ execution }) => {
      const instrument = execution.instrument;
      return (
        (filter.clientId === undefined || filter.clientId === execution.clientId) &&
        (filter.account === undefined || filter.account === "" || filter.account === execution.account) &&
        (filter.timeMs === undefined || execution.timeMs >= filter.timeMs) &&
        matchesText(filter.symbol, instrument.symbol, instrument.localSymbol) &&
        matchesText(filter.secType, instrument.secType) &&
        matchesText(filter.exchange, execution.exchange, instrument.exchange) &&
        matchesSide(filter.side, execution)
      );
    });
  }

  clear(): void {
    this.entries = [];
  }
}
