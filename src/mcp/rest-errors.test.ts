// REST outcome → MCP error: envelopes pass through, other error statuses follow the fixed table.
import { describe, expect, it } from "vitest";
import { interpretResponse, transportError } from "./rest-errors.js";
import type { McpToolError } from "./tool-result.js";

function failure(status: number, text: string): McpToolError {
  try {
    interpretResponse(status, text);
  } catch (error) {
    return error as McpToolError;
  }
  throw new Error(`HTTP ${status} did not fail`);
}

describe("interpretResponse", () => {
  it("returns the JSON of a 2xx answer", () => {
    expect(interpretResponse(200, '[{"orderId":"1"}]')).toEqual([{ orderId: "1" }]);
  });

  it("passes the gateway's envelope through with its details", () => {
    const envelope = { error_code: "NO_DATA", message: "No market data available: x", details: { field: "f" } };
    expect(failure(404, JSON.stringify(envelope))).toMatchObject({
      code: "NO_DATA",
      message: "No market data available: x",
      details: { field: "f" },
    });
    expect(failure(401, '{"error_code":"UNAUTHORIZED","message":"Invalid API key."}').details).toEqual({});
  });

  it("maps error statuses without an envelope by the table", () => {
    const table: Array<[number, string, string]> = [
      [400, "VALIDATION_ERROR", "HTTP 400 error"],
      [401, "UNAUTHORIZED", "HTTP 401 error"],
      [403, "FORBIDDEN", "HTTP 403 error"],
      [404, "NOT_FOUND", "HTTP 404 error"],
      [422, "VALIDATION_ERROR", "HTTP 422 error"],
      [429, "RATE_LIMITED", "HTTP 429 error"],
      [500, "INTERNAL_ERROR", "HTTP 500 error"],
      [503, "IBKR_CONNECTION_ERROR", "IBKR Gateway not connected"],
      [504, "TIMEOUT", "HTTP 504 error"],
      [502, "INTERNAL_ERROR", "HTTP 502 error"],
      [418, "INTERNAL_ERROR", "HTTP 418 error"],
    ];
    for (const [status, code, message] of table) {
      expect(failure(status, "<html>down</html>"), String(status)).toMatchObject({ code, message });
    }
    expect(failure(503, '{"detail":"not an envelope"}')).toMatchObject({ code: "IBKR_CONNECTION_ERROR" });
  });

  it("treats a 2xx answer that is not JSON as an internal error", () => {
    expect(failure(200, "OK").code).toBe("INTERNAL_ERROR");
  });
});

describe("transportError", () => {
  it("names the URL and the socket error, or the time limit", () => {
    const refused = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED" } });
    expect(transportError(refused, "http://h:1", false, 60).message).toBe(
      "Gateway REST API unreachable at http://h:1: connect ECONNREFUSED",
    );
    const reset = new TypeError("fetch failed", { cause: { code: "ECONNRESET", message: "" } });
    expect(transportError(reset, "http://h:1", false, 60)).toMatchObject({ code: "API_UNREACHABLE" });
    expect(transportError(reset, "http://h:1", false, 60).message).toContain("ECONNRESET");
    expect(transportError(new Error("x"), "http://h:1", true, 2.5)).toMatchObject({
      code: "TIMEOUT",
      message: "Gateway REST API did not answer within 2.5s",
    });
  });
});
