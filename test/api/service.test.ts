// Service endpoints of the real app: health (ready and with the broker down), trading status, metrics, docs.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

/** A port with nothing listening on it (the broker is DOWN). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("GET /health", () => {
  it("reports a ready simulation gateway (AC-01)", async () => {
    gw = await startTestGateway();
    const res = await gw.app.inject({ url: "/health" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: "ok",
      ibkr_connected: true,
      trading_mode: "paper",
      orders_enabled: false,
      version: "0.1.0",
      mode: "simulation",
      account: "DU****567",
      connection: { state: "ready", reconnects: 0, last_error: null },
      kill_switch: { active: false, reason: null, activated_at: null },
    });
    expect(body.server_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("answers from a recent broker time instead of asking the broker on every probe", async () => {
    gw = await startTestGateway();
    const first = (await gw.app.inject({ url: "/health" })).json();
    expect(first.server_time).not.toBeNull();
    // The broker now answers only after 3 s, longer than health's 2 s limit: a fresh request would give null.
    gw.simulator?.control.addFault({ kind: "delay-ms", ms: 3000 });
    const t0 = performance.now();
    const second = (await gw.app.inject({ url: "/health" })).json();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(second.status).toBe("ok");
    expect(Date.parse(second.server_time) - Date.parse(first.server_time)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(second.server_time) - Date.parse(first.server_time)).toBeLessThan(5000);
    gw.simulator?.control.addFault({ kind: "clear" });
  });

  it("is degraded, fast and 200 with the broker down; broker endpoints fail fast with 503 (AC-41)", async () => {
    const port = await closedPort();
    gw = await startTestGateway({ simulate: false, overrides: { gatewayPort: port }, waitReady: false });
    const t0 = performance.now();
    const health = await gw.app.inject({ url: "/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: "degraded",
      ibkr_connected: false,
      server_time: null,
      mode: "paper",
    });
    for (const req of [
      { method: "POST" as const, url: "/market-data/quote", payload: { symbol: "AAPL", securityType: "STK" } },
      { method: "GET" as const, url: "/account/summary" },
    ]) {
      const res = await gw.app.inject(req);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        error_code: "IBKR_CONNECTION_ERROR",
        message: expect.stringMatching(
          new RegExp(
            `^IBKR connection failed: not connected to IB Gateway at 127\\.0\\.0\\.1:${port} \\(state: (connecting|disconnected)\\)$`,
          ),
        ),
      });
    }
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(health.json().connection.last_error).toBeDefined();
  });
});

describe("GET /trading-status", () => {
  it("tells the truth about mode, switches and limits", async () => {
    gw = await startTestGateway({ env: { MAX_ORDER_QUANTITY: "5", SYMBOL_ALLOWLIST: "aapl,msft" } });
    const body = (await gw.app.inject({ url: "/trading-status" })).json();
    expect(body).toMatchObject({
      mode: "simulation",
      tradingMode: "paper",
      ordersEnabled: false,
      requireOrderConfirmation: false,
      killSwitch: { active: false },
      limits: { maxOrderQuantity: 5, maxOrderNotional: null, symbolAllowlist: ["AAPL", "MSFT"] },
      connection: { state: "ready", reconnects: 0, lastError: null },
      account: "DU****567",
    });
  });
});

describe("metrics", () => {
  it("counts requests by route template, with percentiles, and unknown routes as unmatched (AC-54)", async () => {
    gw = await startTestGateway();
    for (let i = 0; i < 5; i++) await gw.app.inject({ url: "/health" });
    await gw.app.inject({ url: "/account/summary?account_id=U0000000" });
    await gw.app.inject({ url: "/nonexistent" });
    await gw.app.inject({ url: "/metrics" });
    const body = (await gw.app.inject({ url: "/metrics" })).json();
    expect(body.uptime_seconds).toBeGreaterThan(0);
    const requests = body.counters.api_requests_total;
    expect(requests["endpoint=/health,method=GET,status=200"]).toBe(5);
    expect(requests["endpoint=/account/summary,method=GET,status=404"]).toBe(1);
    expect(requests["endpoint=unmatched,method=GET,status=404"]).toBe(1);
    expect(requests["endpoint=/metrics,method=GET,status=200"]).toBe(1);
    expect(Object.keys(body.histograms.api_request_duration_seconds["endpoint=/health,method=GET"]).sort()).toEqual([
      "count",
      "max",
      "mean",
      "min",
      "p50",
      "p90",
      "p95",
      "p99",
      "sum",
    ]);
    expect(body.gauges.ibkr_connection_status["mode=simulation"]).toBe(1);
    expect(body.counters.ibkr_operations_total["operation=connect,status=success"]).toBeGreaterThanOrEqual(1);
  });

  it("exports Prometheus text with the same series (AC-55)", async () => {
    gw = await startTestGateway();
    await gw.app.inject({ url: "/health" });
    const res = await gw.app.inject({ url: "/metrics/prometheus" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.body).toContain("# TYPE api_requests_total counter");
    expect(res.body).toContain('api_requests_total{endpoint="/health",method="GET",status="200"} 1');
    expect(res.body).toContain('api_request_duration_seconds_bucket{le="0.005",endpoint="/health",method="GET"}');
    expect(res.body).toContain("process_cpu_user_seconds_total");
  });
});

describe("docs", () => {
  it("serves OpenAPI 3.1 generated from the schemas, and the interactive docs", async () => {
    gw = await startTestGateway();
    const doc = (await gw.app.inject({ url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "IBKR Gateway API", version: "0.1.0" });
    const quote = doc.paths["/market-data/quote"].post;
    expect(quote.requestBody.content["application/json"].schema.properties.securityType.enum).toContain("STK");
    expect(quote.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths["/health"].get.security).toBeUndefined();
    const docs = await gw.app.inject({ url: "/docs" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("<html");
  });
});
