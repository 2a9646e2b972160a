// The most recent observations of one histogram series, and the summary statistics of the JSON snapshot.
// Lifetime totals are deliberately not kept: every statistic covers the window only.

export const WINDOW_SIZE = 10_000;

export interface HistogramSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

const EMPTY: HistogramSummary = { count: 0, sum: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };

/** Ring buffer: once full, each observation overwrites the oldest one. */
export class SampleWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private size = 0;

  constructor(capacity: number = WINDOW_SIZE) {
    this.samples = new Float64Array(capacity);
  }

  add(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    this.size = Math.min(this.size + 1, this.samples.length);
  }

  summary(): HistogramSummary {
    if (this.size === 0) return { ...EMPTY };
    const sorted = this.samples.slice(0, this.size).sort();
    const sum = sorted.reduce((total, value) => total + value, 0);
    return {
      count: this.size,
      sum: tidy(sum),
      min: sorted[0] ?? 0,
      max: sorted[this.size - 1] ?? 0,
      mean: tidy(sum / this.size),
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
    };
  }
}

/** Linear interpolation at rank (n-1)·p/100 over ascending samples. */
export function percentile(sorted: Float64Array, p: number): number {
  const rank = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(rank);
  const low = sorted[lower] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? low;
  return tidy(low + (high - low) * (rank - lower));
}

// Twelve significant digits drop binary floating-point noise (99.01000000000001 -> 99.01) and lose nothing a
// latency or count could mean.
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}
