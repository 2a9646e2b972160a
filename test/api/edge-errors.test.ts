// One error envelope for everything the gateway answers, through the real listening server: Node's parser
// errors, oversized headers, bad URLs and overlong path parameters, unknown routes and methods, static docs paths
// that climb out of their folder, numbers that overflow to Infinity. /mcp keeps answering JSON-RPC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, isEnvelope, listenGateway, parseRawResponse, rawSocket, type Listening } from "./edge-support.js";

let l: Listening;
beforeAll(async () => {
  l = await listenGateway({ env: { ORDERS_ENABLED: "true" } });
});
afterAll(() => l.gw.close());

async function raw(text: string) {
  const { closed, socket } = await rawSocket(l.port, text);
  const answer = await Promise.race([
    closed,
    new Promise<string>((resolve) => socket.once("data", (c: Buffer) => resolve(c.toString("utf8")))),
  ]);
  socket.destroy();
  return parseRawResponse(answer);
}

describe("error envelope", () => {
  it.each([
    ["a malformed request line", "GARBAGE\r\n\r\n", 400],
    ["an unknown method", "FOO /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400],
    ["a header without a colon", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nbroken\r\n\r\n", 400],
    [
      "headers over the size limit",
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ["a missing Host header", "GET /health HTTP/1.1\r\n\r\n", 403],
    ["an empty Host header", "GET /health HTTP/1.1\r\nHost:\r\n\r\n", 403],
    ["a bad percent-encoding", "GET /orders/%E0%A4%A/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400],
    ["an overlong path parameter", `GET /orders/${"9".repeat(500)}/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 414],
    ["a docs path climbing out", "GET /docs/static/../.. HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404],
    ["an encoded docs climb", "GET /docs/static/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404],
    ["an unknown route", "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404],
    ["a wrong method on a route", "PUT /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n", 404],
    ["GET on /mcp", "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405],
  ])("answers %s with an envelope", async (_name, text, status) => {
    const answer = await raw(text);
    expect(answer.status).toBe(status);
    expect(isEnvelope(answer.json), JSON.stringify(answer.json)).toBe(true);
  });

  it("answers a price that overflows to Infinity with 422, not 500", async () => {
    const body =
      '{"instrument":{"symbol":"AAPL","securityType":"STK"},"side":"BUY","quantity":1,"orderType":"LMT","limitPrice":1e309}';
    for (const path of ["/orders", "/orders/preview"]) {
      const res = await httpRequest(l.port, {
        method: "POST",
        path,
        headers: { "content-type": "application/json" },
        body,
      });
      expect(res.status, path).toBe(422);
      expect(res.json).toEqual({
        error_code: "VALIDATION_ERROR",
        message: "Request validation failed: 1 issue(s)",
        details: { issues: [{ location: "body", field: "limitPrice", message: "must be a finite number" }] },
      });
    }
    expect(l.gw.simulator?.control.state().orders).toEqual([]);
  });

  it("refuses finite numbers so large that an order's figures would overflow, naming the field, never a 500", async () => {
    const order = { instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", orderType: "LMT" };
    for (const [field, fields] of [
      ["limitPrice", { quantity: 10, limitPrice: 1.7e308 }],
      ["quantity", { quantity: 1e300, limitPrice: 50 }],
    ] as const) {
      for (const path of ["/orders", "/orders/preview"]) {
        const res = await httpRequest(l.port, {
          method: "POST",
          path,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...order, ...fields }),
        });
        expect(res.status, `${path} ${field}`).toBe(422);
        expect((res.json as { details: { issues: { field: string }[] } }).details.issues[0]?.field).toBe(field);
      }
    }
    // Absurd but representable prices are answered, not crashed on: the preview's figures stay finite.
    const preview = await httpRequest(l.port, {
      method: "POST",
      path: "/orders/preview",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...order, quantity: 1, limitPrice: 1e12 }),
    });
    expect(preview.status).toBe(200);
    expect(l.gw.simulator?.control.state().orders).toEqual([]);
  });

  it("keeps JSON-RPC errors on /mcp", async () => {
    const res = await httpRequest(l.port, {
      method: "POST",
      path: "/mcp",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: '{"jsonrpc":"2.0","id":7,"method":"no/such/method"}',
    });
    expect(res.json).toMatchObject({ jsonrpc: "2.0", error: { code: expect.any(Number) as number } });
  });
});
