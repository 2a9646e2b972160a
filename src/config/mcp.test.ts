import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMcpConfig } from "./mcp.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mcpcfg-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("loadMcpConfig", () => {
  it("refuses a log level or format it does not know, naming the accepted values", () => {
    expect(loadMcpConfig({ env: { LOG_LEVEL: "loud", LOG_FORMAT: "xml" }, cwd: dir })).toEqual({
      ok: false,
      problems: [
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (or WARN), case-insensitive, got 'loud'",
        "LOG_FORMAT must be 'json' or 'text' (case-insensitive), got 'xml'",
      ],
    });
  });

  it("defaults to the local gateway with a 60 s timeout", () => {
    expect(loadMcpConfig({ env: {}, cwd: dir })).toEqual({
      ok: true,
      config: {
        apiUrl: "http://127.0.0.1:8000",
        requestTimeoutSec: 60,
        apiKey: null,
        logLevel: "INFO",
        logFormat: "json",
      },
    });
  });

  it("removes trailing slashes and keeps the key", () => {
    const result = loadMcpConfig({ env: { IBKR_API_URL: "https://gw.example:8443/", API_KEY: "k" }, cwd: dir });
    expect(result.ok && result.config).toMatchObject({ apiUrl: "https://gw.example:8443", apiKey: "k" });
  });

  it("reports every problem at once", () => {
    expect(loadMcpConfig({ env: { IBKR_API_URL: "ftp://x", MCP_REQUEST_TIMEOUT: "-1" }, cwd: dir })).toEqual({
      ok: false,
      problems: [
        "IBKR_API_URL must be an http(s) URL, got 'ftp://x'",
        "MCP_REQUEST_TIMEOUT must be a positive number, got '-1'",
      ],
    });
    expect(loadMcpConfig({ env: { IBKR_API_URL: "not a url" }, cwd: dir }).ok).toBe(false);
  });

  it("reads .env without overriding the environment", () => {
    writeFileSync(join(dir, ".env"), "MCP_REQUEST_TIMEOUT=5\nIBKR_API_URL=http://127.0.0.1:9\n");
    const result = loadMcpConfig({ env: { IBKR_API_URL: "http://127.0.0.1:8001" }, cwd: dir });
    expect(result.ok && result.config).toMatchObject({ apiUrl: "http://127.0.0.1:8001", requestTimeoutSec: 5 });
  });
});
