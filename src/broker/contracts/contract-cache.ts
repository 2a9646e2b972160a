// The process-wide contract cache: entries live 1 hour, front-month entries also expire when
// their last trade date passes. It stores resolved contracts only; failures are never cached.
import type { ResolvedContract } from "../../domain/index.js";

export const CONTRACT_TTL_MS = 60 * 60 * 1000;

interface Entry {
  contract: ResolvedContract;
  expiresAtMs: number;
}

export class ContractCache {
  private readonly entries = new Map<string, Entry>();

  get(key: string, nowMs: number): ResolvedContract | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.contract;
  }

  /** `frontMonth`: the entry was chosen as the earliest unexpired future, so it ages out with its expiry. */
  set(key: string, contract: ResolvedContract, nowMs: number, frontMonth = false): void {
    let expiresAtMs = nowMs + CONTRACT_TTL_MS;
    if (frontMonth && contract.expiry) expiresAtMs = Math.min(expiresAtMs, dayAfterMs(contract.expiry));
    this.entries.set(key, { contract, expiresAtMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Start (UTC) of the day after a YYYY-MM-DD date: the moment that last trade date has passed. */
function dayAfterMs(isoDate: string): number {
  const [y, m, d] = isoDate.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1);
}

/** Shared by every broker in the process unless one injects its own (tests do). */
export const sharedContractCache = new ContractCache();
