// Types of pg-cluster.mjs (shared by the tests and the benchmarks).

/** The directory holding initdb and pg_ctl, or undefined. */
export function findPostgresBin(): string | undefined;

/** Why the PostgreSQL tests are skipped, or undefined when they run (on CI they always run, and fail without it). */
export const POSTGRES_SKIP_REASON: string | undefined;

/** A password the server never asks for (trust auth): tests check it never shows up in output. */
export const TEST_PASSWORD: string;

export interface PostgresCluster {
  readonly port: number;
  /** Creates a database and returns its URL (with TEST_PASSWORD in it). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  stop(): void;
  start(): void;
  /** Stops the server and removes its folder. */
  destroy(): void;
}

export function startPostgresCluster(): Promise<PostgresCluster>;
