// Summary statistics for latency samples (milliseconds): median and tail percentiles by linear interpolation.

/** Percentile p (0..100) of sorted samples, interpolated at rank (n-1)*p/100. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
  };
}

/** Runs `fn` `n` times sequentially and returns the latency of each call in milliseconds. */
export async function time(n, fn) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Runs `fn` `count` times, waiting `gapMs` before each call, and returns the latency of each call (ms). */
export async function paced(count, fn, gapMs) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}
