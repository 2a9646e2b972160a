// Every variable the configuration code reads is documented in .env.example and docs/config.md, and nothing
// documented there is unknown to the code. The code's variables are observed, not listed by hand.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, loadMcpConfig } from "../src/config/index.js";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

function recordingEnv(seen: Set<string>): Record<string, string | undefined> {
  return new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key === "string") seen.add(key);
      return undefined;
    },
  });
}

function variablesReadByCode(): string[] {
  const seen = new Set<string>();
  const cwd = mkdtempSync(join(tmpdir(), "cfgdoc-"));
  try {
    expect(loadConfig({ env: recordingEnv(seen), cwd, dotenv: false }).ok).toBe(true);
    expect(loadMcpConfig({ env: recordingEnv(seen), dotenv: false }).ok).toBe(true);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return [...seen].sort();
}

describe("configuration documentation", () => {
  const code = variablesReadByCode();

  it("observes every variable of the contract being read", () => {
    // 25 gateway variables + 2 MCP-only ones + the 2 warm-quote variables + DATA_DIR + the 10 HTTP edge variables
    // + the 4 exposure limits + API_KEYS_FILE + DATABASE_URL + APPROVAL_TTL_SEC + the 2 stream variables at least
    // (docs/config.md); the scan must find them all
    expect(code.length).toBeGreaterThanOrEqual(49);
    expect(code).toContain("STREAM_RETENTION_HOURS");
    expect(code).toContain("DATABASE_URL");
    expect(code).toContain("APPROVAL_TTL_SEC");
    expect(code).toContain("MCP_SESSIONS");
    expect(code).toContain("MCP_SESSION_IDLE_SEC");
    expect(code).toContain("MAX_PRICE_DEVIATION_PCT");
    expect(code).toContain("QUOTE_STREAM_IDLE_SEC");
    expect(code).toContain("LIVE_TRADING_OVERRIDE_FILE");
    expect(code).toContain("MCP_REQUEST_TIMEOUT");
  });

  it(".env.example lists exactly the variables the code reads", () => {
    const example = [...read(".env.example").matchAll(/^([A-Z][A-Z_]+)=/gm)].map((m) => m[1] ?? "");
    expect([...new Set(example)].sort()).toEqual(code);
  });

  it("docs/config.md has a row for exactly the variables the code reads", () => {
    const documented = [...read("docs/config.md").matchAll(/^\| `([A-Z][A-Z_]+)`/gm)].map((m) => m[1] ?? "");
    expect([...new Set([...documented, "LOG_LEVEL", "LOG_FORMAT"])].sort()).toEqual(code);
  });
});
