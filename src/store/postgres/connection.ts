// The pool of PostgreSQL connections and how a query finds its connection: inside `transaction` (found through the
// async context) the transaction's client, otherwise any pooled one. Connection failures become
// StoreUnavailableError here, once. It knows nothing about the store's tables.
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { toStoreError } from "./errors.js";

export const POOL_MAX = 10;
export const CONNECT_TIMEOUT_MS = 3_000;
export const STATEMENT_TIMEOUT_MS = 5_000;
/** A transaction left idle this long (a stuck caller) is ended by the server, releasing its locks. */
const IDLE_IN_TRANSACTION_MS = 30_000;

// BIGINT (OID 20) comes back as a JS number: ids, counts and sizes stay far below 2^53.
const BIGINT_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === BIGINT_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/** Settings shared by the pool and the listening client. */
export function clientConfig(url: string): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    keepAlive: true,
    application_name: "ibkr-gateway",
    types,
  };
}

/** The open transaction of the current async context. */
interface TransactionScope {
  readonly client: pg.PoolClient;
  /** Run after COMMIT (never after a rollback): notifications of this instance's own writes. */
  readonly afterCommit: (() => void)[];
  savepoints: number;
  /** BEGIN, COMMIT or ROLLBACK failed: the connection is not reused. */
  broken: boolean;
  /** The transaction has ended: work it started and left running must not use its (released) client. */
  ended: boolean;
}

export type Row = Record<string, unknown>;

/** Turns `?` placeholders (as the shared WHERE builder writes them) into PostgreSQL's `$1, $2, …`. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export class Database {
  readonly pool: pg.Pool;
  private readonly scope = new AsyncLocalStorage<TransactionScope>();

  constructor(
    readonly url: string,
    onPoolError: (error: Error) => void,
  ) {
    this.pool = new pg.Pool({ ...clientConfig(url), max: POOL_MAX, idleTimeoutMillis: 30_000 });
    // An idle pooled connection that breaks (server restart) must not crash the process: the pool drops it.
    this.pool.on("error", onPoolError);
  }

  /** The open transaction of this async context, if any. */
  private current(): TransactionScope | undefined {
    const scope = this.scope.getStore();
    return scope === undefined || scope.ended ? undefined : scope;
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const client = this.current()?.client;
    try {
      const result = await (client ?? this.pool).query<T>(sql, params as unknown[]);
      return result.rows;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async one<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  /** Runs `then` after the open transaction commits, or now when there is none. */
  afterCommit(then: () => void): void {
    const scope = this.current();
    if (scope === undefined) then();
    else scope.afterCommit.push(then);
  }

  /** Runs `work` in a transaction; joins the open one when called inside it. */
  async transaction<T>(work: () => Promise<T>, isolation = "READ COMMITTED"): Promise<T> {
    if (this.current() !== undefined) return work();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStoreError(error);
    }
    // A checked-out client that loses its connection between two queries emits `error`: handled, not fatal.
    const onError = (): void => undefined;
    client.on("error", onError);
    const scope: TransactionScope = { client, afterCommit: [], savepoints: 0, broken: false, ended: false };
    try {
      return await this.runTransaction(scope, work, isolation);
    } catch (error) {
      throw toStoreError(error);
    } finally {
      scope.ended = true;
      client.off("error", onError);
      // A client whose BEGIN, COMMIT or ROLLBACK failed is in an unknown state: dropped, not reused.
      client.release(scope.broken ? true : undefined);
    }
  }

  private async runTransaction<T>(scope: TransactionScope, work: () => Promise<T>, isolation: string): Promise<T> {
    const { client } = scope;
    const control = async (sql: string): Promise<void> => {
      try {
        await client.query(sql);
      } catch (error) {
        scope.broken = true;
        throw error;
      }
    };
    await control(`BEGIN ISOLATION LEVEL ${isolation}`);
    let result: T;
    try {
      result = await this.scope.run(scope, work);
    } catch (error) {
      await control("ROLLBACK").catch(() => undefined);
      throw error;
    }
    await control("COMMIT");
    for (const then of scope.afterCommit) {
      try {
        then();
      } catch {
        // A listener's failure is its own: the transaction has committed.
      }
    }
    return result;
  }

  /**
   * Runs `work` so that its failure is undone alone: a SAVEPOINT inside a transaction, its own transaction outside.
   */
  async undoableAlone<T>(work: () => Promise<T>): Promise<T> {
    const scope = this.current();
    if (scope === undefined) return this.transaction(work);
    const name = `undoable_${++scope.savepoints}`;
    await this.query(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await this.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
