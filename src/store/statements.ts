// Prepared statements kept by SQL text. Compiling a statement costs more than running a lookup by key, and the store
// runs a bounded set of texts (its dynamic clauses combine a handful of fixed columns), so each is compiled once per
// connection. Statements are only run to completion (get/all/run), never left iterating, so sharing one is safe.
import type { Database, Statement } from "better-sqlite3";

export class Statements {
  private readonly compiled = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly db: Database) {}

  get<Params extends unknown[] = unknown[], Row = unknown>(sql: string): Statement<Params, Row> {
    let statement = this.compiled.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.compiled.set(sql, statement);
    }
    return statement as unknown as Statement<Params, Row>;
  }
}
