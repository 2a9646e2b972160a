// The metric series of the gateway: name, type, label names and help text, read by both exporters.
// It holds no values; adding a series here is the only way to make one exist.

export type MetricType = "counter" | "gauge" | "histogram";

interface MetricDefinition {
  readonly type: MetricType;
  readonly help: string;
  readonly labels: readonly string[];
}

/** Prometheus histogram buckets, in seconds. */
export const HISTOGRAM_BUCKETS_SECONDS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

export const METRIC_DEFINITIONS = {
  api_requests_total: { type: "counter", help: "HTTP requests", labels: ["endpoint", "method", "status"] },
  api_request_duration_seconds: { type: "histogram", help: "HTTP latency", labels: ["endpoint", "method"] },
  ibkr_operations_total: { type: "counter", help: "Broker operations", labels: ["operation", "status"] },
  ibkr_operation_duration_seconds: { type: "histogram", help: "Broker latency", labels: ["operation"] },
  ibkr_connection_status: { type: "gauge", help: "1 when the broker connection is ready", labels: ["mode"] },
  ibkr_reconnects_total: { type: "counter", help: "Successful reconnects", labels: [] },
  orders_total: { type: "counter", help: "Order flow", labels: ["event", "symbol", "status"] },
  order_time_to_fill_seconds: { type: "histogram", help: "Submission to FILLED", labels: ["symbol"] },
  active_orders: { type: "gauge", help: "Working orders known to the gateway", labels: ["status"] },
  risk_rejections_total: { type: "counter", help: "Risk refusals", labels: ["rule"] },
  kill_switch_active: { type: "gauge", help: "1 when the kill switch is active", labels: [] },
  auth_failures_total: {
    type: "counter",
    help: "Refused requests: bad or missing key, rate limited, foreign Host or Origin, simple POST",
    labels: ["reason"],
  },
  contract_cache_total: { type: "counter", help: "Contract cache hits and misses", labels: ["result"] },
  mcp_tool_calls_total: { type: "counter", help: "MCP tool calls (HTTP transport)", labels: ["tool", "status"] },
  audit_write_failures_total: { type: "counter", help: "Failed audit inserts", labels: [] },
  stream_connections_total: {
    type: "counter",
    help: "Event stream connections opened (GET /stream, GET /events)",
    labels: ["transport"],
  },
  stream_clients: {
    type: "gauge",
    help: "Open event stream connections (GET /stream, GET /events)",
    labels: ["transport"],
  },
  stream_live_conflated_total: {
    type: "counter",
    help: "Quote and P&L updates replaced by a newer one while a stream client's socket was backed up",
    labels: [],
  },
  stream_slow_clients_closed_total: {
    type: "counter",
    help: "Stream clients closed for falling too far behind on durable events",
    labels: ["transport"],
  },
} as const satisfies Record<string, MetricDefinition>;

type Definitions = typeof METRIC_DEFINITIONS;

export type MetricName = keyof Definitions;

type NamesOfType<T extends MetricType> = {
  [N in MetricName]: Definitions[N]["type"] extends T ? N : never;
}[MetricName];

export type CounterName = NamesOfType<"counter">;
export type GaugeName = NamesOfType<"gauge">;
export type HistogramName = NamesOfType<"histogram">;

export type LabelValue = string | number;

/** Exactly the label names declared for the series `N` (an empty object for series without labels). */
export type LabelsOf<N extends MetricName> = {
  readonly [L in Definitions[N]["labels"][number]]: LabelValue;
};

export const METRIC_NAMES = Object.keys(METRIC_DEFINITIONS) as MetricName[];
