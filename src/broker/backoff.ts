// The reconnect schedule: 1, 2, 4, 8, 16, 30, 30 … seconds plus up to 10 % random jitter.
// Pure: the caller owns the attempt counter and resets it after a successful connect.

const BASE_MS = 1000;
const CAP_MS = 30_000;
const MAX_JITTER = 0.1;

/** Delay before reconnect attempt `attempt` (0-based); `random` returns a value in [0, 1). */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 5));
  return Math.round(base * (1 + MAX_JITTER * random()));
}
