// The built `ibkr-gateway` and `ibkr-mcp` binaries: help, version and usage-error exit codes.
import { describe, expect, it } from "vitest";
import { runBin } from "../support/spawn.js";

describe("ibkr-gateway", () => {
  it("prints help with the product line and exits 0", async () => {
    const r = await runBin("cli/main.js", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("IBKR Gateway CLI - Market data, account status, and order management");
    expect(r.stdout).toContain("--simulate");
  });

  it("prints help on stderr and exits 2 when no command is given (also for a command group)", async () => {
    const none = await runBin("cli/main.js", []);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("Usage: ibkr-gateway [options] [command]");
    const group = await runBin("cli/main.js", ["orders"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain("Usage: ibkr-gateway orders");
    expect((await runBin("cli/main.js", ["help", "orders"])).code).toBe(0);
  });

  it("prints the version with --version and with the version command", async () => {
    const flag = await runBin("cli/main.js", ["--version"]);
    expect(flag).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    const cmd = await runBin("cli/main.js", ["version"]);
    expect(cmd.code).toBe(0);
    expect(cmd.stdout).toContain("IBKR Gateway");
    expect(cmd.stdout).toContain("Version: 0.1.0");
    expect(cmd.stdout).toContain(`Node.js: ${process.version}`);
  });

  it("refuses --paper with --live as a usage error (exit 2)", async () => {
    const r = await runBin("cli/main.js", ["--paper", "--live", "version"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--paper and --live are mutually exclusive");
    expect(r.stdout).not.toContain("Version:");
  });

  it("exits 2 on an unknown command and on a bad option value", async () => {
    const unknown = await runBin("cli/main.js", ["no-such-command"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'no-such-command'");
    const badPort = await runBin("cli/main.js", ["--port", "abc", "version"]);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain("--port must be an integer between 1 and 65535, got 'abc'");
  });
});

describe("ibkr-mcp", () => {
  it("prints usage with --help and exits 0", async () => {
    const r = await runBin("mcp/stdio.js", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: ibkr-mcp");
    expect(r.stdout).toContain("IBKR_API_URL");
  });

  it("reports configuration problems on stderr only and exits 1", async () => {
    const r = await runBin("mcp/stdio.js", [], { env: { IBKR_API_URL: "ftp://x", MCP_REQUEST_TIMEOUT: "0" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("IBKR_API_URL must be an http(s) URL, got 'ftp://x'");
    expect(r.stderr).toContain("MCP_REQUEST_TIMEOUT must be a positive number, got '0'");
  });
});
