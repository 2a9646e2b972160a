import { describe, expect, it } from "vitest";
import { METRIC_DEFINITIONS } from "./metric-definitions.js";
import { Metrics, seriesKey } from "./metrics.js";

function quietMetrics(now: () => number = () => 0): Metrics {
  return new Metrics({ now, defaultMetrics: false });
}

describe("JSON snapshot", () => {
  it("keys series by sorted labels and counts requests", () => {
    const metrics = quietMetrics();
    for (let i = 0; i < 5; i++) metrics.apiRequest("/health", "GET", 200, 0.01);
    metrics.apiRequest("/orders/{order_id}/status", "GET", 404, 0.02);
    const snapshot = metrics.snapshot();
    expect(snapshot.counters["api_requests_total"]).toEqual({
      "endpoint=/health,method=GET,status=200": 5,
      "endpoint=/orders/{order_id}/status,method=GET,status=404": 1,
    });
    expect(snapshot.histograms["api_request_duration_seconds"]?.["endpoint=/health,method=GET"]).toMatchObject({
      count: 5,
      sum: 0.05,
      p50: 0.01,
    });
  });

  it("has uptime and every declared series under its type, unlabeled ones at zero", () => {
    let nowMs = 1_000;
    const metrics = quietMetrics(() => nowMs);
    nowMs += 12_500;
    const snapshot = metrics.snapshot();
    expect(Object.keys(snapshot)).toEqual(["uptime_seconds", "counters", "histograms", "gauges"]);
    expect(snapshot.uptime_seconds).toBe(12.5);
    const declared = Object.entries(METRIC_DEFINITIONS);
    const names = (type: string) => declared.filter(([, d]) => d.type === type).map(([name]) => name);
    expect(Object.keys(snapshot.counters).sort()).toEqual(names("counter").sort());
    expect(Object.keys(snapshot.gauges).sort()).toEqual(names("gauge").sort());
    expect(Object.keys(snapshot.histograms).sort()).toEqual(names("histogram").sort());
    expect(snapshot.counters["audit_write_failures_total"]).toEqual({ __total__: 0 });
    expect(snapshot.gauges["kill_switch_active"]).toEqual({ __total__: 0 });
  });

  it("reports the percentiles of samples 1..100", () => {
    const metrics = quietMetrics();
    for (let i = 1; i <= 100; i++) metrics.observe("order_time_to_fill_seconds", { symbol: "AAPL" }, i);
    expect(metrics.snapshot().histograms["order_time_to_fill_seconds"]?.["symbol=AAPL"]).toMatchObject({
      p50: 50.5,
      p90: 90.1,
      p95: 95.05,
      p99: 99.01,
    });
  });

  it("gauges hold the last value set", () => {
    const metrics = quietMetrics();
    metrics.set("ibkr_connection_status", { mode: "paper" }, 1);
    metrics.set("ibkr_connection_status", { mode: "paper" }, 0);
    metrics.set("kill_switch_active", {}, 1);
    expect(metrics.snapshot().gauges).toMatchObject({
      ibkr_connection_status: { "mode=paper": 0 },
      kill_switch_active: { __total__: 1 },
    });
  });

  it("keeps instances independent", () => {
    const first = quietMetrics();
    const second = quietMetrics();
    first.inc("ibkr_reconnects_total", {});
    expect(second.snapshot().counters["ibkr_reconnects_total"]).toEqual({ __total__: 0 });
  });

  it("renders series keys", () => {
    expect(seriesKey({ status: 200, endpoint: "/x", method: "GET" })).toBe("endpoint=/x,method=GET,status=200");
    expect(seriesKey({})).toBe("__total__");
  });
});

describe("Prometheus text", () => {
  it("exports the same names and labels, with the contract's histogram buckets", async () => {
    const metrics = quietMetrics();
    metrics.apiRequest("/health", "GET", 200, 0.003);
    metrics.inc("ibkr_reconnects_total", {}, 2);
    const text = await metrics.prometheus();
    expect(text).toContain("# TYPE api_requests_total counter");
    expect(text).toContain('api_requests_total{endpoint="/health",method="GET",status="200"} 1');
    expect(text).toContain("# TYPE api_request_duration_seconds histogram");
    expect(text).toContain('api_request_duration_seconds_bucket{le="0.005",endpoint="/health",method="GET"} 1');
    expect(text).toContain('api_request_duration_seconds_bucket{le="60",endpoint="/health",method="GET"} 1');
    expect(text).toContain("ibkr_reconnects_total 2");
    expect(metrics.prometheusContentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("includes the default Node.js process metrics unless turned off", async () => {
    expect(await new Metrics().prometheus()).toContain("process_cpu_user_seconds_total");
    expect(await quietMetrics().prometheus()).not.toContain("process_cpu_user_seconds_total");
  });
});

describe("label bounds", () => {
  it("folds values beyond a label's cap into other, in both exports", async () => {
    const metrics = new Metrics({ defaultMetrics: false, maxLabelValues: 3 });
    for (const symbol of ["A", "B", "C", "D", "E", "A"]) {
      metrics.inc("orders_total", { event: "placed", symbol, status: "ACCEPTED" });
    }
    const series = metrics.snapshot().counters["orders_total"] ?? {};
    expect(series).toEqual({
      "event=placed,status=ACCEPTED,symbol=A": 2,
      "event=placed,status=ACCEPTED,symbol=B": 1,
      "event=placed,status=ACCEPTED,symbol=C": 1,
      "event=placed,status=ACCEPTED,symbol=other": 2,
    });
    const text = await metrics.prometheus();
    expect(text).toContain('orders_total{event="placed",symbol="other",status="ACCEPTED"} 2');
    expect(text).not.toContain('symbol="D"');
  });

  it("keeps 5,000 invented symbols to a bounded number of series", () => {
    const metrics = new Metrics({ defaultMetrics: false });
    for (let i = 0; i < 5000; i++) metrics.observe("order_time_to_fill_seconds", { symbol: `S${i}` }, 1);
    expect(Object.keys(metrics.snapshot().histograms["order_time_to_fill_seconds"] ?? {})).toHaveLength(101);
  });

  it("counts symbols outside the allowlist as other", () => {
    const metrics = new Metrics({ defaultMetrics: false, symbolAllowlist: ["AAPL"] });
    metrics.inc("orders_total", { event: "placed", symbol: "AAPL", status: "ACCEPTED" });
    metrics.inc("orders_total", { event: "placed", symbol: "ZZZZ", status: "ACCEPTED" });
    expect(Object.keys(metrics.snapshot().counters["orders_total"] ?? {})).toEqual([
      "event=placed,status=ACCEPTED,symbol=AAPL",
      "event=placed,status=ACCEPTED,symbol=other",
    ]);
  });
});
