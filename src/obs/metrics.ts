// Metrics of one gateway instance: every declared series, exported as the JSON snapshot and as Prometheus text
// from a private prom-client Registry, so several instances in one process never share values. Label values are
// bounded: a value beyond a label's cap (or a symbol outside the allowlist) is counted as `other`, so a client
// cannot grow memory by inventing values. It serves no HTTP.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import {
  HISTOGRAM_BUCKETS_SECONDS,
  METRIC_DEFINITIONS,
  METRIC_NAMES,
  type CounterName,
  type GaugeName,
  type HistogramName,
  type LabelValue,
  type LabelsOf,
  type MetricName,
} from "./metric-definitions.js";
import { SampleWindow, type HistogramSummary } from "./sample-window.js";

export interface MetricsOptions {
  /** Milliseconds clock for `uptime_seconds`. */
  now?: () => number;
  /** Also export prom-client's default Node.js process metrics (default true). */
  defaultMetrics?: boolean;
  /** Distinct values kept per label of a series (default 100); later new values become `other`. */
  maxLabelValues?: number;
  /** When not empty, a `symbol` label outside this list is `other` (SYMBOL_ALLOWLIST). */
  symbolAllowlist?: readonly string[];
}

/** The label value that stands for every value beyond a label's cap. */
export const OTHER_LABEL_VALUE = "other";
const DEFAULT_MAX_LABEL_VALUES = 100;

export interface MetricsSnapshot {
  uptime_seconds: number;
  counters: Record<string, Record<string, number>>;
  histograms: Record<string, Record<string, HistogramSummary>>;
  gauges: Record<string, Record<string, number>>;
}

type Labels = Readonly<Record<string, LabelValue>>;

const NO_LABELS_KEY = "__total__";

/** `k=v` pairs sorted by label name and joined by `,`; `__total__` for a series without labels. */
export function seriesKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return NO_LABELS_KEY;
  return names.map((name) => `${name}=${labels[name]}`).join(",");
}

export class Metrics {
  private readonly registry = new Registry();
  private readonly startedMs: number;
  private readonly now: () => number;
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly values = new Map<MetricName, Map<string, number>>();
  private readonly windows = new Map<MetricName, Map<string, SampleWindow>>();
  /** Values seen per `metric|label`, to cap them. */
  private readonly seenValues = new Map<string, Set<LabelValue>>();
  private readonly maxLabelValues: number;
  private readonly symbols: ReadonlySet<string> | null;

  constructor(options: MetricsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxLabelValues = options.maxLabelValues ?? DEFAULT_MAX_LABEL_VALUES;
    this.symbols = options.symbolAllowlist?.length ? new Set(options.symbolAllowlist) : null;
    this.startedMs = this.now();
    for (const name of METRIC_NAMES) this.declare(name);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get prometheusContentType(): string {
    return this.registry.contentType;
  }

  inc<N extends CounterName>(name: N, given: LabelsOf<N>, by = 1): void {
    const labels = this.bound(name, given);
    this.counters.get(name)?.inc(labels, by);
    const series = this.values.get(name);
    const key = seriesKey(labels);
    series?.set(key, (series.get(key) ?? 0) + by);
  }

  set<N extends GaugeName>(name: N, given: LabelsOf<N>, value: number): void {
    const labels = this.bound(name, given);
    this.gauges.get(name)?.set(labels, value);
    this.values.get(name)?.set(seriesKey(labels), value);
  }

  observe<N extends HistogramName>(name: N, given: LabelsOf<N>, value: number): void {
    const labels = this.bound(name, given);
    this.histograms.get(name)?.observe(labels, value);
    const series = this.windows.get(name);
    const key = seriesKey(labels);
    let window = series?.get(key);
    if (window === undefined) {
      window = new SampleWindow();
      series?.set(key, window);
    }
    window.add(value);
  }

  /** One served HTTP request: `api_requests_total` and `api_request_duration_seconds`. */
  apiRequest(endpoint: string, method: string, status: number, seconds: number): void {
    this.inc("api_requests_total", { endpoint, method, status });
    this.observe("api_request_duration_seconds", { endpoint, method }, seconds);
  }

  /** One broker operation: `ibkr_operations_total` and `ibkr_operation_duration_seconds`. */
  ibkrOperation(operation: string, status: "success" | "error" | "timeout", seconds: number): void {
    this.inc("ibkr_operations_total", { operation, status });
    this.observe("ibkr_operation_duration_seconds", { operation }, seconds);
  }

  snapshot(): MetricsSnapshot {
    const result: MetricsSnapshot = {
      uptime_seconds: Math.round(this.now() - this.startedMs) / 1000,
      counters: {},
      histograms: {},
      gauges: {},
    };
    for (const name of METRIC_NAMES) {
      const type = METRIC_DEFINITIONS[name].type;
      if (type === "histogram") {
        const windows = this.windows.get(name) ?? new Map<string, SampleWindow>();
        result.histograms[name] = Object.fromEntries([...windows].map(([key, w]) => [key, w.summary()]));
      } else {
        result[type === "counter" ? "counters" : "gauges"][name] = Object.fromEntries(this.values.get(name) ?? []);
      }
    }
    return result;
  }

  /** Prometheus text exposition format 0.0.4. */
  prometheus(): Promise<string> {
    return this.registry.metrics();
  }

  /** The labels as recorded: each value within its label's cap, symbols within the allowlist. */
  private bound<L extends Labels>(name: MetricName, labels: L): L {
    let result: Record<string, LabelValue> | undefined;
    for (const [label, value] of Object.entries(labels)) {
      const kept = this.keep(name, label, value);
      if (kept === value) continue;
      result ??= { ...labels };
      result[label] = kept;
    }
    return (result ?? labels) as L;
  }

  private keep(name: MetricName, label: string, value: LabelValue): LabelValue {
    if (label === "symbol" && this.symbols !== null && !this.symbols.has(String(value))) return OTHER_LABEL_VALUE;
    const key = `${name}|${label}`;
    let seen = this.seenValues.get(key);
    if (seen === undefined) {
      seen = new Set();
      this.seenValues.set(key, seen);
    }
    if (seen.has(value)) return value;
    if (seen.size >= this.maxLabelValues) return OTHER_LABEL_VALUE;
    seen.add(value);
    return value;
  }

  private declare(name: MetricName): void {
    const { type, help, labels } = METRIC_DEFINITIONS[name];
    const config = { name, help, labelNames: [...labels], registers: [this.registry] };
    if (type === "histogram") {
      this.histograms.set(name, new Histogram({ ...config, buckets: [...HISTOGRAM_BUCKETS_SECONDS] }));
      this.windows.set(name, new Map());
      return;
    }
    if (type === "counter") this.counters.set(name, new Counter(config));
    else this.gauges.set(name, new Gauge(config));
    // A series without labels exists from the start, as it does in the Prometheus output.
    this.values.set(name, labels.length === 0 ? new Map([[NO_LABELS_KEY, 0]]) : new Map());
  }
}
