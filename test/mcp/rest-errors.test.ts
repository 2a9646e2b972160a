// The REST client of `ibkr-mcp` at its boundary: the exact request it sends (AC-59, against a
// recording node:http stub), and how every failure of the REST API becomes an MCP error: 401 from a real gateway,
// nothing listening, no answer in time, and non-JSON error statuses.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { closedPortUrl, listen, restSession, startStub, type McpSession, type StubServer } from "./support.js";

let session: McpSession | undefined;
let stub: StubServer | undefined;
let gw: TestGateway | undefined;
afterEach(async () => {
  await session?.close();
  await stub?.close();
  await gw?.close();
  session = stub = gw = undefined;
});

const AAPL = { symbol: "AAPL", security_type: "STK" };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function jsonStub(status: number, body: unknown) {
  return startStub((_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  });
}

describe("requests (AC-59)", () => {
  it("sends get_quote as exactly {symbol, securityType} with JSON, a fresh correlation id and no key", async () => {
    stub = await jsonStub(200, { symbol: "AAPL" });
    session = await restSession(stub.url);
    await session.call("get_quote", AAPL);
    await session.call("get_quote", AAPL);
    const [first, second] = stub.requests;
    expect(first).toMatchObject({ method: "POST", url: "/market-data/quote" });
    expect(first?.body).toBe('{"symbol":"AAPL","securityType":"STK"}');
    expect(first?.headers["content-type"]).toBe("application/json");
    expect(first?.headers["x-api-key"]).toBeUndefined();
    expect(first?.headers["x-correlation-id"]).toMatch(UUID_V4);
    expect(second?.headers["x-correlation-id"]).toMatch(UUID_V4);
    expect(second?.headers["x-correlation-id"]).not.toBe(first?.headers["x-correlation-id"]);
  });

  it("sends X-API-Key when API_KEY is set, and query parameters only when given", async () => {
    stub = await jsonStub(200, { ok: true });
    session = await restSession(stub.url, { apiKey: "k" });
    await session.call("get_quote", AAPL);
    await session.call("get_pnl", {});
    await session.call("get_pnl", { account_id: "DU1234567", timeframe: "1d" });
    expect(stub.requests.map((r) => r.headers["x-api-key"])).toEqual(["k", "k", "k"]);
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /market-data/quote",
      "GET /account/pnl",
      "GET /account/pnl?account_id=DU1234567&timeframe=1d",
    ]);
  });

  it("makes no request for invalid arguments", async () => {
    stub = await jsonStub(200, {});
    session = await restSession(stub.url);
    const r = await session.call("get_quote", { symbol: "AAPL" });
    expect(r.text).toMatch(/^\[VALIDATION_ERROR\] Parameter 'security_type' is required/);
    expect(stub.requests).toHaveLength(0);
  });
});

describe("failures", () => {
  it("maps a 401 of a real gateway with a wrong key to UNAUTHORIZED", async () => {
    gw = await startTestGateway({ env: { API_KEY: "secret-key-0123456789" } });
    session = await restSession(await listen(gw), { apiKey: "wrong" });
    const r = await session.call("get_quote", AAPL);
    expect(r.text).toBe("[UNAUTHORIZED] Invalid API key.");
    expect(r.data).toEqual({ code: "UNAUTHORIZED", message: "Invalid API key.", details: {} });
  });

  it("maps nothing listening to API_UNREACHABLE with the URL and the socket error", async () => {
    const url = await closedPortUrl();
    session = await restSession(url);
    const r = await session.call("get_trading_status");
    expect(r.isError).toBe(true);
    expect(r.data.code).toBe("API_UNREACHABLE");
    expect(r.text).toMatch(new RegExp(`^\\[API_UNREACHABLE\\] Gateway REST API unreachable at ${url}: .*ECONNREFUSED`));
  });

  it("maps an unresolvable host to API_UNREACHABLE", async () => {
    session = await restSession("http://no-such-host.invalid");
    const r = await session.call("get_trading_status");
    expect(r.text).toMatch(/^\[API_UNREACHABLE\] Gateway REST API unreachable at http:\/\/no-such-host\.invalid: /);
  });

  it("maps no answer within MCP_REQUEST_TIMEOUT to TIMEOUT", async () => {
    stub = await startStub(() => undefined);
    session = await restSession(stub.url, { requestTimeoutSec: 0.3 });
    const r = await session.call("get_quote", AAPL);
    expect(r.text).toBe("[TIMEOUT] Gateway REST API did not answer within 0.3s");
    expect(stub.requests).toHaveLength(1);
  });

  it("maps non-JSON error statuses by the table, 503 to IBKR_CONNECTION_ERROR", async () => {
    let status = 503;
    stub = await startStub((_req, res) => {
      res.writeHead(status, { "Content-Type": "text/html" }).end("<html>Service Unavailable</html>");
    });
    session = await restSession(stub.url);
    const texts: string[] = [];
    for (status of [503, 429, 401, 502]) texts.push((await session.call("get_trading_status")).text);
    expect(texts).toEqual([
      "[IBKR_CONNECTION_ERROR] IBKR Gateway not connected",
      "[RATE_LIMITED] HTTP 429 error",
      "[UNAUTHORIZED] HTTP 401 error",
      "[INTERNAL_ERROR] HTTP 502 error",
    ]);
  });

  it("fails get_account_status with the summary's error when both calls fail", async () => {
    stub = await startStub((req, res) => {
      const [code, status] = req.url.startsWith("/account/summary") ? ["ACCOUNT_ERROR", 500] : ["NO_DATA", 404];
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error_code: code, message: `${code} happened` }));
    });
    session = await restSession(stub.url);
    const r = await session.call("get_account_status", { account_id: "DU1" });
    expect(r.text).toBe("[ACCOUNT_ERROR] ACCOUNT_ERROR happened");
    expect(stub.requests.map((q) => q.url).sort()).toEqual([
      "/account/positions?account_id=DU1",
      "/account/summary?account_id=DU1",
    ]);
  });
});
