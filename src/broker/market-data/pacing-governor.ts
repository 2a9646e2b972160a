// Answers 429 before IB would: no identical historical request within 15 s, at most 6 for
// the same contract, exchange and data type within 2 s, at most 60 in any 10 minutes. It sends nothing.
import { GatewayError } from "../../domain/index.js";

const IDENTICAL_WINDOW_MS = 15_000;
const SAME_CONTRACT_WINDOW_MS = 2_000;
const SAME_CONTRACT_MAX = 6;
const GLOBAL_WINDOW_MS = 600_000;
const GLOBAL_MAX = 60;

export interface PacingRequest {
  /** Every parameter of the request: equal keys are "identical requests". */
  identity: string;
  /** Contract, exchange and data type. */
  contract: string;
}

interface Sent {
  atMs: number;
  request: PacingRequest;
}

export class PacingGovernor {
  private sent: Sent[] = [];

  /** Throws PACING_VIOLATION (with `retryAfterSeconds`) when the request would break a rule; else records it. */
  admit(request: PacingRequest, nowMs: number): void {
    this.sent = this.sent.filter((s) => s.atMs > nowMs - GLOBAL_WINDOW_MS);
    const identical = this.sent.filter((s) => s.request.identity === request.identity);
    const lastIdentical = identical[identical.length - 1];
    if (lastIdentical && lastIdentical.atMs > nowMs - IDENTICAL_WINDOW_MS) {
      throw violation("identical historical data request within 15s", lastIdentical.atMs + IDENTICAL_WINDOW_MS - nowMs);
    }
    const sameContract = this.sent.filter(
      (s) => s.request.contract === request.contract && s.atMs > nowMs - SAME_CONTRACT_WINDOW_MS,
    );
    const oldestSame = sameContract[0];
    if (sameContract.length >= SAME_CONTRACT_MAX && oldestSame) {
      throw violation(
        `more than ${SAME_CONTRACT_MAX} historical data requests for the same contract within 2s`,
        oldestSame.atMs + SAME_CONTRACT_WINDOW_MS - nowMs,
      );
    }
    const oldest = this.sent[0];
    if (this.sent.length >= GLOBAL_MAX && oldest) {
      throw violation(
        `more than ${GLOBAL_MAX} historical data requests within 10 minutes`,
        oldest.atMs + GLOBAL_WINDOW_MS - nowMs,
      );
    }
    this.sent.push({ atMs: nowMs, request });
  }
}

function violation(reason: string, retryAfterMs: number): GatewayError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GatewayError("PACING_VIOLATION", `Pacing violation: ${reason}; retry in ${retryAfterSeconds}s`, {
    details: { retryAfterSeconds },
  });
}
