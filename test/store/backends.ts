// The two store backends as the contract suite opens them: a SQLite file in a temp folder, or a fresh database on
// the throwaway PostgreSQL cluster. Each factory also gives raw SQL access, to tamper with rows as an attacker would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { openStore, type Store } from "../../src/store/index.js";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres.js";

export interface OpenedStore {
  store: Store;
  /** Runs SQL on the store's database outside the store (works on both backends for plain statements). */
  raw(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface Backend {
  readonly name: "sqlite" | "postgres";
  /** Prepares the backend once per file (starts the cluster). */
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  open(now: () => Date): Promise<OpenedStore>;
}

export const sqliteBackend: Backend = {
  name: "sqlite",
  async setUp() {},
  async tearDown() {},
  async open(now) {
    const dir = mkdtempSync(join(tmpdir(), "store-contract-"));
    const path = join(dir, "audit.db");
    const store = await openStore({ sqlitePath: path, now, hmacKeyFile: join(dir, "audit-hmac.key") });
    return {
      store,
      async raw(sql) {
        const db = new BetterSqlite3(path);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let cluster: PostgresCluster | undefined;
let databases = 0;
let keyDir: string | undefined;

export const postgresBackend: Backend = {
  name: "postgres",
  async setUp() {
    cluster = await startPostgresCluster();
    keyDir = mkdtempSync(join(tmpdir(), "store-contract-key-"));
  },
  async tearDown() {
    cluster?.destroy();
    cluster = undefined;
    if (keyDir !== undefined) rmSync(keyDir, { recursive: true, force: true });
  },
  async open(now) {
    if (cluster === undefined || keyDir === undefined) throw new Error("postgres backend not set up");
    databases += 1;
    const url = await cluster.createDatabase(`contract_${databases}`);
    const hmacKeyFile = join(keyDir, `key-${databases}`);
    const store = await openStore({ databaseUrl: url, sqlitePath: "/unused", now, hmacKeyFile });
    return {
      store,
      async raw(sql) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      },
      close: () => store.close(),
    };
  },
};
