// Public surface of src/obs: logger, metrics and correlation context. Other layers import from here only.
export { currentCorrelationId, resolveCorrelationId, runWithCorrelation } from "./correlation.js";
export type { ResolvedCorrelationId } from "./correlation.js";
export { MASK, registerSecret } from "./log-fields.js";
export type { LogFields } from "./log-fields.js";
export { LOG_LEVELS } from "./log-level.js";
export type { LogFormat, LogLevel } from "./log-level.js";
export { createLogger } from "./logger.js";
export type { LogDestination, Logger, LoggerOptions } from "./logger.js";
export { HISTOGRAM_BUCKETS_SECONDS, METRIC_DEFINITIONS } from "./metric-definitions.js";
export type { CounterName, GaugeName, HistogramName, LabelValue, LabelsOf, MetricName } from "./metric-definitions.js";
export { Metrics, seriesKey } from "./metrics.js";
export type { MetricsOptions, MetricsSnapshot } from "./metrics.js";
export type { HistogramSummary } from "./sample-window.js";
