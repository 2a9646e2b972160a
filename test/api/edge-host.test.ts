// DNS rebinding and cross-site requests against the real listening server: a foreign Host is refused on REST,
// /mcp and /docs (and audited once per window), a foreign Origin on every route, a CORS-simple POST (form,
// text/plain, body-less cancel) on every state-changing route; ALLOWED_HOSTS / ALLOWED_ORIGINS open exactly what
// they list, and preflights are answered.
import { afterEach, describe, expect, it } from "vitest";
import { httpRequest, isEnvelope, listenGateway, type Listening } from "./edge-support.js";
import { sqliteOf } from "../support/sqlite.js";

let l: Listening | undefined;
afterEach(async () => {
  await l?.gw.close();
  l = undefined;
});

const ORDER = JSON.stringify({
  instrument: { symbol: "AAPL", securityType: "STK" },
  side: "BUY",
  quantity: 1,
  orderType: "MKT",
});
const MCP_INIT = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "t", version: "1" } },
});
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("Host allowlist", () => {
  it("refuses a rebound Host on REST, /mcp and /docs with FORBIDDEN_HOST, and audits it once per window", async () => {
    l = await listenGateway({ env: { ORDERS_ENABLED: "true" } });
    const { port, gw } = l;
    const evil = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    const attempts = [
      { method: "POST", path: "/orders", headers: { ...evil, ...JSON_HEADERS }, body: ORDER },
      { method: "GET", path: "/account/summary", headers: evil },
      { method: "POST", path: "/admin/kill-switch", headers: { ...evil, ...JSON_HEADERS }, body: '{"active":true}' },
      { method: "POST", path: "/mcp", headers: { ...evil, ...JSON_HEADERS }, body: MCP_INIT },
      { method: "GET", path: "/docs", headers: evil },
      { method: "GET", path: "/docs/static/index.html", headers: evil },
      { method: "GET", path: "/health", headers: { host: "evil.example" } },
    ];
    for (const attempt of attempts) {
      const res = await httpRequest(port, attempt);
      expect(res.status, attempt.path).toBe(403);
      expect(res.json).toEqual({
        error_code: "FORBIDDEN_HOST",
        message: expect.stringContaining("is not served here") as string,
      });
    }
    expect(gw.simulator?.control.state().orders).toEqual([]);
    expect(gw.services.killSwitch.current().active).toBe(false);
    const rows = sqliteOf(gw).queryAudit({ eventType: "AUTH_FAILURE" }).records;
    expect(rows.map((r) => r.eventData)).toEqual([
      { method: "POST", path: "/orders", reason: "forbidden_host", count: 1, window_sec: 60 },
    ]);
  });

  it("serves loopback names, the bound address with its port, and ALLOWED_HOSTS, and nothing else", async () => {
    l = await listenGateway({ env: { ALLOWED_HOSTS: "gw.example,proxy.example:443" } });
    const { port } = l;
    const status = async (host: string) => (await httpRequest(port, { path: "/health", headers: { host } })).status;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`, "gw.example:9999"]) {
      expect(await status(host), host).toBe(200);
    }
    expect(await status("proxy.example:443")).toBe(200);
    for (const host of ["proxy.example", "127.0.0.1.evil.example", "gw.example.evil", `127.0.0.2:${port}x`]) {
      expect(await status(host), host).toBe(403);
    }
  });
});

describe("browser writes and origins", () => {
  it("refuses a cross-site body-less cancel, form posts and text/plain writes", async () => {
    l = await listenGateway({ env: { ORDERS_ENABLED: "true" } });
    const { port, gw } = l;
    const placed = await httpRequest(port, { method: "POST", path: "/orders", headers: JSON_HEADERS, body: ORDER });
    expect(placed.status).toBe(200);
    const orderId = (placed.json as { orderId: string }).orderId;
    const foreign = await httpRequest(port, {
      method: "POST",
      path: `/orders/${orderId}/cancel`,
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual({ error_code: "FORBIDDEN", message: "Origin not allowed" });
    const simple: { path: string; headers: Record<string, string>; body?: string }[] = [
      { path: `/orders/${orderId}/cancel`, headers: {} },
      { path: "/admin/kill-switch", headers: { "content-type": "text/plain" }, body: '{"active":true}' },
      { path: "/orders", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1" },
    ];
    for (const attempt of simple) {
      const res = await httpRequest(port, { method: "POST", ...attempt });
      expect(res.status, attempt.path).toBe(415);
      expect(res.json).toEqual({ error_code: "BAD_REQUEST", message: "Content-Type must be application/json" });
    }
    expect(gw.services.killSwitch.current().active).toBe(false);
    const cancel = await httpRequest(port, {
      method: "POST",
      path: `/orders/${orderId}/cancel`,
      headers: JSON_HEADERS,
    });
    expect(cancel.status).toBe(200);
  });

  it("refuses a foreign Origin on every route, reads included", async () => {
    l = await listenGateway();
    for (const path of ["/health", "/openapi.json", "/docs", "/metrics", "/account/summary", "/nonexistent"]) {
      const res = await httpRequest(l.port, { path, headers: { origin: "https://evil.example" } });
      expect(res.status, path).toBe(403);
      expect(isEnvelope(res.json)).toBe(true);
    }
    const nullOrigin = await httpRequest(l.port, { path: "/health", headers: { origin: "null" } });
    expect(nullOrigin.status).toBe(403);
  });

  it("allows a listed dashboard origin with CORS headers and answers its preflight", async () => {
    l = await listenGateway({ env: { ALLOWED_ORIGINS: "https://dash.example" } });
    const { port } = l;
    const preflight = await httpRequest(port, {
      method: "OPTIONS",
      path: "/orders/123/cancel",
      headers: {
        origin: "https://dash.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://dash.example");
    expect(preflight.headers["access-control-allow-methods"]).toBe("GET, POST");
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("Content-Type");
    const read = await httpRequest(port, { path: "/health", headers: { origin: "https://dash.example" } });
    expect(read.status).toBe(200);
    expect(read.headers["access-control-allow-origin"]).toBe("https://dash.example");
    expect(read.headers["vary"]).toBe("Origin");
    const foreignPreflight = await httpRequest(port, {
      method: "OPTIONS",
      path: "/orders",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(foreignPreflight.status).toBe(403);
    expect(foreignPreflight.headers["access-control-allow-origin"]).toBeUndefined();
    const loopback = await httpRequest(port, {
      method: "OPTIONS",
      path: "/orders",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
    });
    expect(loopback.status).toBe(204);
    expect(loopback.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
