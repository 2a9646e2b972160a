// Abuse bounds through the real listening server: a flood of bad keys is throttled (429 + Retry-After) and costs
// a handful of audit rows; keys in the URL are neither accepted nor logged; slow headers, slow bodies and idle
// keep-alive connections are closed by the configured timeouts; connections beyond the cap are closed at once.
import { createHash } from "node:crypto";
import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { httpRequest, listenGateway, parseRawResponse, rawSocket, type Listening } from "./edge-support.js";
import { sqliteOf } from "../support/sqlite.js";

const KEY = "correct-horse-battery-staple";

let l: Listening | undefined;
afterEach(async () => {
  await l?.gw.close();
  l = undefined;
});

/** `count` GETs over `concurrency` keep-alive connections; resolves with each status and Retry-After. */
async function flood(port: number, count: number, headers: Record<string, string>) {
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  const one = () =>
    new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/trading-status", headers, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] }));
      });
      req.on("error", reject);
      req.end();
    });
  try {
    const results = [];
    for (let i = 0; i < count; i += 10) results.push(...(await Promise.all(Array.from({ length: 10 }, one))));
    return results;
  } finally {
    agent.destroy();
  }
}

describe("failed authentication", () => {
  it("answers 1,000 bad keys with 401 then 429 + Retry-After, in a handful of audit rows", async () => {
    l = await listenGateway({ env: { API_KEY: KEY, AUTH_FAILURE_LIMIT: "10" } });
    const { gw, port } = l;
    const results = await flood(port, 1000, { "x-api-key": "wrong-key-wrong-key" });
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(990);
    const retryAfter = Number(results.find((r) => r.status === 429)?.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const rows = sqliteOf(gw).queryAudit({ eventType: "AUTH_FAILURE" }).records;
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.map((r) => r.eventData["reason"]).sort()).toEqual(["invalid", "rate_limited"]);
    // Throttled means throttled: the right key from the same address waits for the window too.
    const right = await httpRequest(port, { path: "/trading-status", headers: { "x-api-key": KEY } });
    expect(right.status).toBe(429);
    expect(right.json).toMatchObject({
      error_code: "RATE_LIMITED",
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });

  it("writes the window's total in one closing row", async () => {
    l = await listenGateway({ env: { API_KEY: KEY, AUTH_FAILURE_LIMIT: "1000" } });
    const { gw, port } = l;
    await flood(port, 30, {});
    // Closing the server closes every open window, as the window's end would.
    await gw.app.close();
    const rows = sqliteOf(gw)
      .queryAudit({ eventType: "AUTH_FAILURE" })
      .records.map((r) => r.eventData);
    expect(rows).toEqual([
      { method: "GET", path: "/trading-status", reason: "missing", count: 30, window_sec: 60 },
      { method: "GET", path: "/trading-status", reason: "missing", count: 1, window_sec: 60 },
    ]);
  });

  it("never takes the key from the query string and never logs it, plain or percent-encoded", async () => {
    l = await listenGateway({ env: { API_KEY: KEY } });
    const { gw, port } = l;
    const encoded = encodeURIComponent(KEY).replace(/-/g, "%2D");
    for (const path of [`/trading-status?api_key=${KEY}`, `/trading-status?apikey=${encoded}`, `/x?q=${encoded}`]) {
      expect((await httpRequest(port, { path })).status, path).toBeGreaterThanOrEqual(401);
    }
    const logs = gw.logs.join("");
    expect(logs).toContain("api_key=***");
    expect(logs).not.toContain(KEY);
    expect(logs).not.toContain(encoded);
    const preview = await httpRequest(port, {
      method: "POST",
      path: "/orders/preview",
      headers: { "x-api-key": KEY, "content-type": "application/json" },
      body: JSON.stringify({
        instrument: { symbol: "AAPL", securityType: "STK" },
        side: "BUY",
        quantity: 1,
        orderType: "MKT",
      }),
    });
    expect(preview.status).toBe(200);
    // Audit rows name the key by a keyed fingerprint, never by a bare hash anyone could recompute.
    const fingerprints = sqliteOf(gw)
      .queryAudit({ eventType: "ORDER_PREVIEW" })
      .records.map((r) => r.userContext?.api_key_fingerprint);
    expect(fingerprints).toEqual([gw.services.store.keyFingerprint(KEY)]);
    expect(fingerprints[0]).not.toBe(createHash("sha256").update(KEY).digest("hex").slice(0, 16));
  });
});

describe("server timeouts and connection cap", () => {
  it("closes a connection whose headers never finish, with a 408 envelope", async () => {
    l = await listenGateway({ env: { HTTP_HEADERS_TIMEOUT_SEC: "1", HTTP_BODY_TIMEOUT_SEC: "2" } });
    const { closed } = await rawSocket(l.port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1");
    expect(parseRawResponse(await closed)).toEqual({
      status: 408,
      json: { error_code: "REQUEST_TIMEOUT", message: "The request did not arrive in time" },
    });
  });

  it("closes a connection whose body never finishes, with a 408 envelope", async () => {
    l = await listenGateway({ env: { HTTP_HEADERS_TIMEOUT_SEC: "1", HTTP_BODY_TIMEOUT_SEC: "2" } });
    const head = "POST /market-data/quote HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    const { closed } = await rawSocket(l.port, `${head}Content-Length: 100\r\n\r\n{"symbol":`);
    expect(parseRawResponse(await closed)).toMatchObject({ status: 408, json: { error_code: "REQUEST_TIMEOUT" } });
  });

  it("closes an idle keep-alive connection after its timeout", async () => {
    l = await listenGateway({ env: { HTTP_KEEP_ALIVE_TIMEOUT_SEC: "1" } });
    const { closed } = await rawSocket(l.port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(parseRawResponse(await closed).status).toBe(200);
  });

  it("closes connections beyond HTTP_MAX_CONNECTIONS at once", async () => {
    l = await listenGateway({ env: { HTTP_MAX_CONNECTIONS: "2", HTTP_HEADERS_TIMEOUT_SEC: "5" } });
    const server = l.gw.app.server;
    const connections = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => server.getConnections((_err, count) => (count === n ? resolve() : setTimeout(check, 10)));
        check();
      });
    const held = [await rawSocket(l.port), await rawSocket(l.port)];
    await connections(2);
    const extra = await rawSocket(l.port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(await extra.closed).toBe("");
    for (const h of held) h.socket.destroy();
    await connections(0);
    const after = await httpRequest(l.port, { path: "/health" });
    expect(after.status).toBe(200);
  });
});
