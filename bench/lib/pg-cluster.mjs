// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp folder, started on a free loopback port
// with its socket in that folder, fsync off, one database per caller; stopped and removed afterwards. Run as root
// (CI), the server binaries run as the `postgres` user, since initdb refuses root. Without PostgreSQL binaries the
// tests that need it are skipped — except on CI (env CI set), where their absence fails the run. Types: pg-cluster.d.mts.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

/** The directory holding initdb and pg_ctl, or undefined. */
export function findPostgresBin() {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(root, version, "bin");
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  return undefined;
}

const BIN = findPostgresBin();
const ON_CI = process.env["CI"] !== undefined && process.env["CI"] !== "";

/** Why the PostgreSQL tests are skipped, or undefined when they run (on CI they always run, and fail without it). */
export const POSTGRES_SKIP_REASON =
  BIN === undefined && !ON_CI
    ? "PostgreSQL tests skipped: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin (install postgresql)"
    : undefined;

/** A password the server never asks for (trust auth): tests check it never shows up in output. */
export const TEST_PASSWORD = "s3cret-pw-never-printed";

function asPostgresUser() {
  return process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
}

function run(command, args) {
  const prefix = asPostgresUser();
  const [file, ...rest] = [...prefix, command, ...args];
  const result = spawnSync(file, rest, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresCluster() {
  if (BIN === undefined) {
    throw new Error("PostgreSQL binaries (initdb, pg_ctl) not found, and CI requires the PostgreSQL tests to run");
  }
  const dir = mkdtempSync(join(tmpdir(), "pg-test-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  run(join(BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
  const start = () => run(join(BIN, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", "start"]);
  const stop = () => run(join(BIN, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  let running = true;
  const base = `postgres://postgres:${TEST_PASSWORD}@127.0.0.1:${port}`;
  return {
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    stop() {
      stop();
      running = false;
    },
    start() {
      start();
      running = true;
    },
    destroy() {
      try {
        if (running) stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
