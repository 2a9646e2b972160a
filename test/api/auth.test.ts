// API-key authentication cannot be bypassed on any protected route: the routes are enumerated from the app itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isExemptPath } from "../../src/api/auth.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway;
beforeAll(async () => {
  // A failure budget large enough for the route sweep below; the budget itself is tested in edge-abuse.test.ts.
  gw = await startTestGateway({
    env: { API_KEY: "secret-key-0123456789", ORDERS_ENABLED: "true", AUTH_FAILURE_LIMIT: "10000" },
  });
});
afterAll(() => gw.close());

const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, "12345").replace(/\*$/, "index.html");

describe("X-API-Key", () => {
  it("refuses every non-exempt route without a key or with a wrong one, before validation and the broker", async () => {
    const routes = gw.app.registeredRoutes.filter(
      (r) => r.method !== "HEAD" && r.method !== "OPTIONS" && !isExemptPath(concrete(r.url), true),
    );
    expect(routes.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        "/market-data/quote",
        "/account/summary",
        "/trading-status",
        "/admin/kill-switch",
        "/metrics",
      ]),
    );
    for (const route of routes) {
      const req = {
        method: route.method as "GET" | "POST",
        url: concrete(route.url),
        payload: route.method === "POST" ? { not: "valid" } : undefined,
      };
      const missing = await gw.app.inject(req);
      expect(missing.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(missing.json()).toEqual({
        error_code: "UNAUTHORIZED",
        message: "Missing API key. Provide X-API-Key header.",
      });
      const wrong = await gw.app.inject({ ...req, headers: { "x-api-key": "secreT" } });
      expect(wrong.json()).toEqual({ error_code: "UNAUTHORIZED", message: "Invalid API key." });
      const empty = await gw.app.inject({ ...req, headers: { "x-api-key": "" } });
      expect(empty.statusCode).toBe(401);
    }
    expect(gw.simulator?.control.state().orders).toEqual([]);
  });

  it("records the first failure of each kind as an AUTH_FAILURE row with a count, and a metric (AC-58)", async () => {
    const before = sqliteOf(gw).queryAudit({ eventType: "AUTH_FAILURE" }).total;
    // A fresh client address: the route sweep above already used this window's rows for 127.0.0.1.
    const remoteAddress = "10.0.0.58";
    await gw.app.inject({
      method: "POST",
      url: "/market-data/quote",
      remoteAddress,
      payload: { symbol: "AAPL", securityType: "STK" },
    });
    const headers = { "x-api-key": "nope" };
    await gw.app.inject({ method: "POST", url: "/market-data/quote", remoteAddress, headers, payload: {} });
    const rows = sqliteOf(gw).queryAudit({ eventType: "AUTH_FAILURE", limit: 2 }).records;
    expect(sqliteOf(gw).queryAudit({ eventType: "AUTH_FAILURE" }).total).toBe(before + 2);
    expect(rows.map((r) => r.eventData)).toEqual([
      { method: "POST", path: "/market-data/quote", reason: "invalid", count: 1, window_sec: 60 },
      { method: "POST", path: "/market-data/quote", reason: "missing", count: 1, window_sec: 60 },
    ]);
    const counters = gw.services.metrics.snapshot().counters.auth_failures_total ?? {};
    expect(counters["reason=missing"]).toBeGreaterThan(0);
    expect(counters["reason=invalid"]).toBeGreaterThan(0);
  });

  it("leaves health and docs open, keeps metrics behind the key, and accepts the right key", async () => {
    for (const url of ["/health", "/openapi.json", "/docs"]) {
      expect((await gw.app.inject({ url })).statusCode, url).toBe(200);
    }
    const openapi = (await gw.app.inject({ url: "/openapi.json" })).json() as {
      paths: Record<string, { get: { security?: unknown } }>;
    };
    for (const url of ["/metrics", "/metrics/prometheus"]) {
      expect(openapi.paths[url]?.get.security, url).toEqual([{ apiKey: [] }]);
      expect((await gw.app.inject({ url })).statusCode, url).toBe(401);
      const keyed = await gw.app.inject({ url, headers: { "x-api-key": "secret-key-0123456789" } });
      expect(keyed.statusCode, url).toBe(200);
    }
    const ok = await gw.app.inject({
      method: "POST",
      url: "/market-data/quote",
      headers: { "x-api-key": "secret-key-0123456789" },
      payload: { symbol: "AAPL", securityType: "STK" },
    });
    expect(ok.statusCode).toBe(200);
    const unknown = await gw.app.inject({ url: "/nonexistent", headers: { "x-api-key": "secret-key-0123456789" } });
    expect(unknown.json()).toEqual({ error_code: "NOT_FOUND", message: "Route not found: GET /nonexistent" });
  });

  it("never logs the key", async () => {
    await gw.app.inject({ url: "/trading-status", headers: { "x-api-key": "secret-key-0123456789" } });
    expect(gw.logs.join("")).not.toContain("secret-key-0123456789");
  });
});
