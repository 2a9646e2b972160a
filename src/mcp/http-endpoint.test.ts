// The /mcp Origin rule (SPEC §15.2 FORBIDDEN): loopback origins and the server's own host pass, others do not.
import { describe, expect, it } from "vitest";
import { isOriginAllowed } from "./http-endpoint.js";

describe("isOriginAllowed", () => {
  it("lets requests without an Origin through (non-browser MCP clients)", () => {
    expect(isOriginAllowed(undefined, "127.0.0.1:8000")).toBe(true);
  });

  it("accepts loopback origins on any port", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:8000", "https://127.9.9.9", "http://[::1]:5173"]) {
      expect(isOriginAllowed(origin, "gateway.lan:8000"), origin).toBe(true);
    }
  });

  it("accepts the server's own host and port, and nothing else", () => {
    expect(isOriginAllowed("http://gateway.lan:8000", "gateway.lan:8000")).toBe(true);
    expect(isOriginAllowed("http://GATEWAY.lan:8000", "gateway.lan:8000")).toBe(true);
    expect(isOriginAllowed("http://gateway.lan:9999", "gateway.lan:8000")).toBe(false);
    expect(isOriginAllowed("https://evil.example", "gateway.lan:8000")).toBe(false);
    expect(isOriginAllowed("null", "gateway.lan:8000")).toBe(false);
    expect(isOriginAllowed("http://127.0.0.1.evil.example", undefined)).toBe(false);
  });
});
