// The throwaway PostgreSQL cluster of the tests (shared with the benchmarks: bench/lib/pg-cluster.mjs).
export {
  findPostgresBin,
  POSTGRES_SKIP_REASON,
  startPostgresCluster,
  TEST_PASSWORD,
  type PostgresCluster,
} from "../../bench/lib/pg-cluster.mjs";
