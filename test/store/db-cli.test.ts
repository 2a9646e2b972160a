// `ibkr-gateway db status|migrate` as a user runs them (the built CLI, spawned): the SQLite file by default, the
// PostgreSQL database when DATABASE_URL is set. Exit 0 when current, 1 when steps are pending or the database is
// unreachable; a password in the URL is never printed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  POSTGRES_SKIP_REASON,
  startPostgresCluster,
  TEST_PASSWORD,
  type PostgresCluster,
} from "../support/postgres.js";
import { runBin } from "../support/spawn.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "db-cli-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("db status|migrate on the SQLite file", () => {
  it("reports a missing file as pending, migrates it, then reports it current", async () => {
    const env = { AUDIT_DB_PATH: join(dir, "audit.db") };
    const before = await runBin("cli/main.js", ["db", "status"], { cwd: dir, env });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("Schema version  0");
    expect(before.stdout).toContain("No store file yet");

    const migrated = await runBin("cli/main.js", ["db", "migrate"], { cwd: dir, env });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain("Applied schema steps 1, 2, 3, 4");

    const after = await runBin("cli/main.js", ["--json", "db", "status"], { cwd: dir, env });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ backend: "sqlite", current: 4, latest: 4, pending: [] });
  });

  it("explains itself in --help", async () => {
    const help = await runBin("cli/main.js", ["db", "status", "--help"], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("DATABASE_URL");
  });
});

describe.skipIf(POSTGRES_SKIP_REASON !== undefined)("db status|migrate on PostgreSQL", () => {
  let cluster: PostgresCluster;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);

  afterAll(() => cluster?.destroy());

  it("migrates a new database once and reports it current, never printing the password", async () => {
    const env = { DATABASE_URL: await cluster.createDatabase("cli_db") };
    const before = await runBin("cli/main.js", ["db", "status"], { cwd: dir, env });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("Pending schema steps: 1, 2, 3, 4");

    const first = await runBin("cli/main.js", ["db", "migrate"], { cwd: dir, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Applied schema steps 1, 2, 3, 4: postgres store");
    const second = await runBin("cli/main.js", ["db", "migrate"], { cwd: dir, env });
    expect(second.stdout).toContain("Nothing to apply");

    const status = await runBin("cli/main.js", ["--json", "db", "status"], { cwd: dir, env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ backend: "postgres", current: 4, pending: [] });
    for (const run of [before, first, second, status]) expect(run.stdout + run.stderr).not.toContain(TEST_PASSWORD);
  });

  it("exits 1 with the reason when the database cannot be reached", async () => {
    const env = { DATABASE_URL: `postgres://gw:${TEST_PASSWORD}@127.0.0.1:1/none` };
    const run = await runBin("cli/main.js", ["db", "status"], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Store unavailable: PostgreSQL connection failed");
    expect(run.stdout + run.stderr).not.toContain(TEST_PASSWORD);
  });
});
