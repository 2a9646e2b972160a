// The Host and Origin rules and the browser-write rule, as pure decisions (the listening-server tests in
// test/api/edge-host.test.ts drive them end to end).
import { describe, expect, it } from "vitest";
import type { HttpEdgeConfig } from "../config/index.js";
import { EdgePolicy, isPreflighted, splitHost } from "./edge-guard.js";

function policy(extra: Partial<HttpEdgeConfig> = {}, bindHost = "127.0.0.1"): EdgePolicy {
  const config = { allowedHosts: [], allowedOrigins: [], ...extra } as unknown as HttpEdgeConfig;
  return new EdgePolicy(config, bindHost);
}

describe("splitHost", () => {
  it("splits names, IPv4 and bracketed IPv6 with and without a port", () => {
    expect(splitHost("Example.COM:8000")).toEqual({ hostname: "example.com", port: 8000 });
    expect(splitHost("[::1]")).toEqual({ hostname: "::1", port: undefined });
    expect(splitHost("[::1]:80")).toEqual({ hostname: "::1", port: 80 });
    for (const bad of ["", "a:b:c", "[::1", "host:", "host:123456", "a b"]) expect(splitHost(bad), bad).toBeNull();
  });
});

describe("isHostAllowed", () => {
  it("accepts loopback names on any port", () => {
    for (const host of ["localhost", "localhost:1", "127.0.0.1:8000", "127.9.9.9", "[::1]:8000"]) {
      expect(policy().isHostAllowed(host, undefined, undefined), host).toBe(true);
    }
  });

  it("accepts the address the connection arrived on only with its port", () => {
    const p = policy({}, "0.0.0.0");
    expect(p.isHostAllowed("192.168.1.5:8000", "::ffff:192.168.1.5", 8000)).toBe(true);
    expect(p.isHostAllowed("192.168.1.5:9000", "192.168.1.5", 8000)).toBe(false);
    expect(p.isHostAllowed("192.168.1.5", "192.168.1.5", 80)).toBe(true);
    expect(p.isHostAllowed("192.168.1.6:8000", "192.168.1.5", 8000)).toBe(false);
  });

  it("accepts the bind name with the bound port and ALLOWED_HOSTS entries as listed", () => {
    expect(policy({}, "gateway.lan").isHostAllowed("GATEWAY.lan:8000", "10.0.0.2", 8000)).toBe(true);
    const p = policy({ allowedHosts: ["gw.example", "proxy.example:443", "[fe80::1]:8000"] });
    expect(p.isHostAllowed("gw.example:1234", undefined, undefined)).toBe(true);
    expect(p.isHostAllowed("proxy.example:443", undefined, undefined)).toBe(true);
    expect(p.isHostAllowed("proxy.example", undefined, undefined)).toBe(false);
    expect(p.isHostAllowed("[fe80::1]:8000", undefined, undefined)).toBe(true);
  });

  it("refuses rebinding names and a missing Host", () => {
    for (const host of ["evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", undefined]) {
      expect(policy().isHostAllowed(host, "127.0.0.1", 8000), String(host)).toBe(false);
    }
  });
});

describe("isOriginAllowed", () => {
  it("lets requests without an Origin through (non-browser clients)", () => {
    expect(policy().isOriginAllowed(undefined, "127.0.0.1:8000")).toBe(true);
  });

  it("accepts loopback origins on any port, this host, and ALLOWED_ORIGINS", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:8000", "https://127.9.9.9", "http://[::1]:5173"]) {
      expect(policy().isOriginAllowed(origin, "gateway.lan:8000"), origin).toBe(true);
    }
    expect(policy().isOriginAllowed("http://GATEWAY.lan:8000", "gateway.lan:8000")).toBe(true);
    const listed = policy({ allowedOrigins: ["https://dash.example"] });
    expect(listed.isOriginAllowed("https://dash.example", "gateway.lan:8000")).toBe(true);
    expect(listed.isListedOrigin("https://dash.example")).toBe(true);
    expect(listed.isListedOrigin("http://localhost:3000")).toBe(false);
  });

  it("refuses everything else", () => {
    for (const origin of ["http://gateway.lan:9999", "https://evil.example", "null", "file://", "x"]) {
      expect(policy().isOriginAllowed(origin, "gateway.lan:8000"), origin).toBe(false);
    }
    expect(policy().isOriginAllowed("http://127.0.0.1.evil.example", undefined)).toBe(false);
  });
});

describe("isPreflighted", () => {
  it("lets only JSON or keyed POSTs through; other methods always preflight", () => {
    expect(isPreflighted("POST", { "content-type": "application/json; charset=utf-8" })).toBe(true);
    expect(isPreflighted("POST", { "x-api-key": "k" })).toBe(true);
    expect(isPreflighted("POST", {})).toBe(false);
    expect(isPreflighted("POST", { "content-type": "text/plain" })).toBe(false);
    expect(isPreflighted("POST", { "x-api-key": "" })).toBe(false);
    for (const method of ["GET", "HEAD", "OPTIONS", "DELETE", "PUT"]) expect(isPreflighted(method, {})).toBe(true);
  });
});
