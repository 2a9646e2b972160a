// Correlation ids end to end (AC-56, AC-57): echoed on every response, carried by every log line of the request,
// absent from lines outside requests, and recorded in audit rows.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("X-Correlation-ID", () => {
  it("is echoed on 200, 401, 404, 422 and 503 responses", async () => {
    gw = await startTestGateway({ env: { API_KEY: "test-key-0123456789" } });
    const h = { "x-correlation-id": "my-id-1" };
    const answers = [
      await gw.app.inject({ url: "/health", headers: h }),
      await gw.app.inject({ url: "/trading-status", headers: h }),
      await gw.app.inject({ url: "/nonexistent", headers: { ...h, "x-api-key": "test-key-0123456789" } }),
      await gw.app.inject({
        method: "POST",
        url: "/market-data/quote",
        headers: { ...h, "x-api-key": "test-key-0123456789" },
        payload: {},
      }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 401, 404, 422]);
    for (const r of answers) expect(r.headers["x-correlation-id"]).toBe("my-id-1");
    gw.simulator?.control.addFault({ kind: "connectivity-lost" });
    await expect.poll(() => gw?.services.broker.connection.state).toBe("connectivity-lost");
    const unavailable = await gw.app.inject({
      method: "POST",
      url: "/market-data/quote",
      headers: { ...h, "x-api-key": "test-key-0123456789" },
      payload: { symbol: "AAPL", securityType: "STK" },
    });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.headers["x-correlation-id"]).toBe("my-id-1");
  });

  it("replaces invalid ids and generates distinct UUID v4 values when absent", async () => {
    gw = await startTestGateway();
    const long = await gw.app.inject({ url: "/health", headers: { "x-correlation-id": "x".repeat(200) } });
    expect(long.headers["x-correlation-id"]).toMatch(UUID_V4);
    const a = (await gw.app.inject({ url: "/health" })).headers["x-correlation-id"];
    const b = (await gw.app.inject({ url: "/health" })).headers["x-correlation-id"];
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
    expect(gw.logs.some((l) => l.includes("Invalid X-Correlation-ID replaced"))).toBe(true);
  });
});

describe("log lines", () => {
  it("carry the request's id on every line while serving it, and none outside requests (json)", async () => {
    gw = await startTestGateway();
    const before = gw.logs.length;
    const res = await gw.app.inject({
      method: "POST",
      url: "/market-data/quote",
      payload: { symbol: "AAPL", securityType: "STK" },
    });
    const id = res.headers["x-correlation-id"];
    const lines = gw.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.filter((l) => l.correlation_id === id);
    expect(mine.map((l) => l.message)).toEqual(expect.arrayContaining(["Request started", "Request completed"]));
    for (const line of mine) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(["timestamp", "level", "logger", "message", "module", "function", "line"]),
      );
    }
    const startup = gw.logs.slice(0, 3).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of startup) expect(line).not.toHaveProperty("correlation_id");
  });

  it("shows the level and the first 8 id characters in text format", async () => {
    gw = await startTestGateway({ env: { LOG_FORMAT: "text" } });
    await gw.app.inject({ url: "/health", headers: { "x-correlation-id": "abcdefghijkl" } });
    const line = gw.logs.find((l) => l.includes("Request completed"));
    expect(line).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[INFO\] \[abcdefgh\] \S+ - Request completed\n$/,
    );
  });
});
