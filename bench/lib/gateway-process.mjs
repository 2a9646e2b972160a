// Runs the gateway as its own process (as users run it) against a given broker port, so its memory is measured alone.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const BIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export async function startGatewayProcess(brokerPort, dir) {
  const child = spawn(process.execPath, [BIN, "start-api", "--port", "0"], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PAPER_GATEWAY_PORT: String(brokerPort),
      PAPER_CLIENT_ID: "1",
      ORDERS_ENABLED: "true",
      LOG_LEVEL: "ERROR",
      AUDIT_DB_PATH: `${dir}/audit.db`,
      KILL_SWITCH_FILE: `${dir}/KILL_SWITCH`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 30_000);
    const onData = (d) => {
      output += d.toString();
      const m = output.match(/Health\s+(http:\/\/127\.0\.0\.1:\d+)\/health/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
  return {
    base,
    pid: child.pid,
    rssMiB: () => rssMiB(child.pid),
    stop: () =>
      new Promise((resolve) => {
        child.once("close", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/** Resident set size of a process from /proc (Linux), in MiB. */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}
