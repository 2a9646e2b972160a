// The HTTP edge variables: safe defaults, parsing, and the API key length rule.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "./load.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cfg-edge-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (env: Record<string, string>) => loadConfig({ env, cwd: dir, installDir: dir, dotenv: false });
const KEY = "0123456789abcdef";

describe("HTTP edge configuration", () => {
  it("has bounded defaults and keeps metrics open only without a key", () => {
    const result = load({});
    expect(result.ok && result.config.http).toEqual({
      allowedHosts: [],
      allowedOrigins: [],
      authFailureLimit: 10,
      authFailureWindowSec: 60,
      headersTimeoutSec: 10,
      bodyTimeoutSec: 30,
      keepAliveTimeoutSec: 5,
      maxConnections: 256,
      metricsRequireKey: false,
      auditHmacKeyFile: join(dir, "data", "audit-hmac.key"),
    });
    const keyed = load({ API_KEY: KEY });
    expect(keyed.ok && keyed.config.http.metricsRequireKey).toBe(true);
    const open = load({ API_KEY: KEY, METRICS_REQUIRE_KEY: "false" });
    expect(open.ok && open.config.http.metricsRequireKey).toBe(false);
  });

  it("refuses an API key shorter than 16 characters, naming the variable", () => {
    expect(load({ API_KEY: "k" })).toEqual({
      ok: false,
      problems: ["API_KEY must be at least 16 characters long, got 1"],
    });
    expect(load({ API_KEY: KEY }).ok).toBe(true);
  });

  it("parses host and origin lists and reports bad items", () => {
    const result = load({
      ALLOWED_HOSTS: " Gateway.LAN , gw.example:8443,[fe80::1]:8000",
      ALLOWED_ORIGINS: "https://dash.example:8443/, http://localhost:3000",
      AUDIT_HMAC_KEY_FILE: "keys/audit.key",
    });
    expect(result.ok && result.config.http).toMatchObject({
      allowedHosts: ["gateway.lan", "gw.example:8443", "[fe80::1]:8000"],
      allowedOrigins: ["https://dash.example:8443", "http://localhost:3000"],
      auditHmacKeyFile: join(dir, "keys", "audit.key"),
    });
    expect(load({ ALLOWED_HOSTS: "http://x.example", ALLOWED_ORIGINS: "dash.example" })).toEqual({
      ok: false,
      problems: [
        "ALLOWED_HOSTS items must be host or host:port (no scheme or path), got 'http://x.example'",
        "ALLOWED_ORIGINS items must be http(s) origins like https://host:port, got 'dash.example'",
      ],
    });
  });

  it.each([
    ["AUTH_FAILURE_LIMIT", "0", "AUTH_FAILURE_LIMIT must be an integer from 1 to 10000, got '0'"],
    ["HTTP_HEADERS_TIMEOUT_SEC", "x", "HTTP_HEADERS_TIMEOUT_SEC must be an integer from 1 to 600, got 'x'"],
    ["HTTP_MAX_CONNECTIONS", "-1", "HTTP_MAX_CONNECTIONS must be an integer from 1 to 100000, got '-1'"],
  ])("%s=%s is reported", (name, value, problem) => {
    expect(load({ [name]: value })).toEqual({ ok: false, problems: [problem] });
  });

  it("refuses a header timeout longer than the whole-request timeout", () => {
    expect(load({ HTTP_HEADERS_TIMEOUT_SEC: "20", HTTP_BODY_TIMEOUT_SEC: "10" })).toEqual({
      ok: false,
      problems: ["HTTP_HEADERS_TIMEOUT_SEC must not be larger than HTTP_BODY_TIMEOUT_SEC"],
    });
  });
});
