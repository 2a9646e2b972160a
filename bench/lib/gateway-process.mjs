// Runs the gateway as its own process (as users run it: default log level, logs written to a file) against a given
// broker port, so its memory is measured alone.
import { readFileSync } from "node:fs";
import { baseEnv, spawnNode, stopChild } from "./child.mjs";
import { call } from "./http-client.mjs";

const BIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

/**
 * `extraEnv` adds to or overrides the gateway's environment (e.g. PAPER_CLIENT_ID, QUOTE_STREAM_IDLE_SEC); `bin` runs
 * another build's CLI (bench/compare.mjs), this checkout's by default.
 */
export async function startGatewayProcess(brokerPort, dir, extraEnv = {}, { bin = BIN } = {}) {
  const { child, match } = await spawnNode([bin, "start-api", "--port", "0"], {
    name: "gateway",
    cwd: dir,
    env: {
      ...baseEnv(),
      PAPER_GATEWAY_PORT: String(brokerPort),
      PAPER_CLIENT_ID: "1",
      ORDERS_ENABLED: "true",
      AUDIT_DB_PATH: `${dir}/audit.db`,
      KILL_SWITCH_FILE: `${dir}/KILL_SWITCH`,
      ...extraEnv,
    },
    ready: /Health\s+(http:\/\/127\.0\.0\.1:\d+)\/health/,
    logFile: `${dir}/gateway.log`,
  });
  return {
    base: match[1],
    pid: child.pid,
    rssMiB: () => rssMiB(child.pid),
    stop: () => stopChild(child),
  };
}

/** Resident set size of a process from /proc (Linux), in MiB. */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Resolves once the gateway's health endpoint reports the broker connected. */
export async function waitHealthy(base) {
  for (let i = 0; i < 100; i++) {
    const h = await call(base, "GET", "/health");
    if (h.status === "ok") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("gateway never became healthy");
}
