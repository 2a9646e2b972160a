// Long-running commands as a user runs them: start-api (config interlocks, port in use, signals), the standalone
// simulator, and `npm run sim` from the README's quick start.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBin, startProcess, type RunningProcess, ROOT } from "../support/spawn.js";

let dir: string;
let proc: RunningProcess | undefined;
let blocker: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-servers-"));
});
afterEach(async () => {
  await proc?.stop("SIGKILL");
  proc = undefined;
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  blocker = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function occupiedPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((r) => blocker?.listen(0, "127.0.0.1", r));
  return (blocker.address() as { port: number }).port;
}

const cli = (args: string[], env: Record<string, string> = {}) => runBin("cli/main.js", args, { cwd: dir, env });

describe("start-api configuration interlocks", () => {
  it("reports every problem and exits 1 (AC-02)", async () => {
    const r = await cli(["start-api"], { TRADING_MODE: "invalid", PAPER_GATEWAY_PORT: "abc" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Configuration error:");
    expect(r.stderr).toContain("  - TRADING_MODE must be 'paper' or 'live'");
    expect(r.stderr).toContain("  - PAPER_GATEWAY_PORT must be an integer");
    expect(r.stdout).not.toContain("Starting IBKR Gateway API Server");
  });

  it("refuses live orders without an existing override file (AC-03)", async () => {
    const unset = await cli(["start-api"], { TRADING_MODE: "live", ORDERS_ENABLED: "true" });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain("LIVE_TRADING_OVERRIDE_FILE must be set");
    const missing = await cli(["start-api"], {
      TRADING_MODE: "live",
      ORDERS_ENABLED: "true",
      LIVE_TRADING_OVERRIDE_FILE: "./no-such-file",
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`requires override file at ${join(dir, "no-such-file")}`);
  });

  it("refuses a non-loopback bind without a key (AC-06)", async () => {
    const r = await cli(["start-api", "--host", "0.0.0.0", "--port", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("set API_KEY");
  });

  it("reports a port in use", async () => {
    const port = await occupiedPort();
    const r = await cli(["--simulate", "start-api", "--port", String(port)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✗ Server failed: port ${port} is already in use`);
  });
});

describe("start-api", () => {
  it("serves until SIGTERM, then says so and exits 0", async () => {
    proc = startProcess(process.execPath, [`${ROOT}/dist/cli/main.js`, "--simulate", "start-api", "--port", "0"], {
      cwd: dir,
    });
    const [, health] = await proc.waitFor(/Health\s+(http:\/\/127\.0\.0\.1:\d+\/health)/);
    const body = (await (await fetch(health ?? "")).json()) as { status: string; mode: string };
    expect(body).toMatchObject({ status: "ok", mode: "simulation" });
    expect(proc.output()).toContain("Starting IBKR Gateway API Server");
    expect(proc.output()).toMatch(/MCP endpoint\s+http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(proc.output()).toMatch(/Dashboard\s+http:\/\/127\.0\.0\.1:\d+\/ui/);
    expect(proc.output()).toContain("Orders: disabled");
    expect(await proc.stop("SIGTERM")).toBe(0);
    expect(proc.output()).toContain("Server stopped");
  });
});

describe("start-api against a standalone simulator", () => {
  it("keeps its own --port for HTTP and the broker port from the environment", async () => {
    const sim = startProcess(process.execPath, [`${ROOT}/dist/cli/main.js`, "simulator", "--port", "0"], { cwd: dir });
    try {
      const [, simPort] = await sim.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
      proc = startProcess(process.execPath, [`${ROOT}/dist/cli/main.js`, "start-api", "--port", "0"], {
        cwd: dir,
        env: { PAPER_GATEWAY_PORT: simPort ?? "" },
      });
      const [, health] = await proc.waitFor(/Health\s+(http:\/\/127\.0\.0\.1:\d+\/health)/);
      await expect
        .poll(async () => ((await (await fetch(health ?? "")).json()) as { status: string }).status, {
          timeout: 10_000,
        })
        .toBe("ok");
      expect(proc.output()).toMatch(/Mode\s+PAPER/);
    } finally {
      await sim.stop("SIGKILL");
    }
  });
});

describe("simulator", () => {
  it("listens, prints where, serves the control API and stops on SIGINT", async () => {
    proc = startProcess(
      process.execPath,
      [`${ROOT}/dist/cli/main.js`, "simulator", "--port", "0", "--seed", "7", "--control-port", "0"],
      { cwd: dir },
    );
    await proc.waitFor(
      /TWS simulator listening on 127\.0\.0\.1:\d+ \(server versions up to 193, seed 7, account DU1234567\)/,
    );
    const [, control] = await proc.waitFor(/Control API on (http:\/\/127\.0\.0\.1:\d+)/);
    const state = (await (await fetch(`${control}/state`)).json()) as { seed: number; account: string };
    expect(state).toMatchObject({ seed: 7, account: "DU1234567" });
    expect(await proc.stop("SIGINT")).toBe(0);
  });

  it("exits 1 when the port is taken and 2 on a bad option value", async () => {
    const port = await occupiedPort();
    const taken = await cli(["simulator", "--port", String(port)]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`Port ${port} is already in use`);
    expect((await cli(["simulator", "--port", "abc"])).code).toBe(2);
    expect((await cli(["simulator", "--account", "bad account!"])).code).toBe(2);
  });
});

describe("README quick start", () => {
  it("npm run sim serves health and docs (AC-64)", async () => {
    proc = startProcess("npm", ["run", "sim"], {
      cwd: ROOT,
      env: { API_PORT: "0", AUDIT_DB_PATH: join(dir, "a.db"), KILL_SWITCH_FILE: join(dir, "KS") },
    });
    const [, base] = await proc.waitFor(/API docs\s+(http:\/\/127\.0\.0\.1:\d+)\/docs/, 60_000);
    await expect
      .poll(async () => ((await (await fetch(`${base}/health`)).json()) as { status: string }).status, {
        timeout: 10_000,
      })
      .toBe("ok");
    const health = (await (await fetch(`${base}/health`)).json()) as { mode: string };
    expect(health.mode).toBe("simulation");
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    expect(proc.output()).toContain("Simulated account: DU1234567");
    expect(proc.output()).toContain("Press Ctrl+C to stop.");
    // dist/ is up to date (the test suite builds first): nothing is recompiled.
    expect(proc.output()).not.toContain("Compiling TypeScript");
  }, 90_000);

  it("npm run sim reports a busy API port before building or starting anything", async () => {
    const port = await occupiedPort();
    // The port stays taken at the OS level while this call waits, so a synchronous run is enough.
    const r = spawnSync("npm", ["run", "--silent", "sim"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", API_PORT: String(port) },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr + r.stdout).not.toContain("Compiling TypeScript");
  });
});
