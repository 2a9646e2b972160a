// A switch the user wrote is never silently read as its default: the CLI and the MCP server refuse to start on a
// boolean or choice they do not accept, naming the variable and the accepted values.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../support/spawn.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "strict-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("strict switches at startup", () => {
  it("REQUIRE_ORDER_CONFIRMATION=on stops the CLI before it connects", async () => {
    const r = await runBin("cli/main.js", ["healthcheck"], { cwd: dir, env: { REQUIRE_ORDER_CONFIRMATION: "on" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "REQUIRE_ORDER_CONFIRMATION must be one of true, false, 1, 0 (case-insensitive), got 'on'",
    );
  });

  it("ORDERS_ENABLED=yes and LOG_LEVEL=verbose are reported together", async () => {
    const r = await runBin("cli/main.js", ["healthcheck"], {
      cwd: dir,
      env: { ORDERS_ENABLED: "yes", LOG_LEVEL: "verbose" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ORDERS_ENABLED must be one of true, false, 1, 0 (case-insensitive), got 'yes'");
    expect(r.stderr).toContain("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (or WARN)");
  });

  it("the MCP server refuses an unknown LOG_FORMAT", async () => {
    const r = await runBin("mcp/stdio.js", [], { cwd: dir, env: { LOG_FORMAT: "xml" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("LOG_FORMAT must be 'json' or 'text' (case-insensitive), got 'xml'");
  });
});
