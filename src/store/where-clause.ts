// Builds the WHERE clause of the store's filtered queries from optional filters, and the SET list of its partial
// updates. Column names come from our own
// code only; every value is a bound parameter.

export type Condition = readonly [column: string, operator: "=" | ">=" | "<=", value: string | number | undefined];

export interface WhereClause {
  sql: string;
  params: (string | number)[];
}

/** Conditions whose value is undefined are left out; no condition at all gives an empty clause. */
export function whereClause(conditions: readonly Condition[]): WhereClause {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const [column, operator, value] of conditions) {
    if (value === undefined) continue;
    parts.push(`${column} ${operator} ?`);
    params.push(value);
  }
  return { sql: parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`, params };
}

/** `column = ?` for every column whose value is given (not undefined), in order, with the values to bind. */
export function setList(columns: Record<string, unknown>): { sets: string[]; params: unknown[] } {
  const given = Object.entries(columns).filter(([, value]) => value !== undefined);
  return { sets: given.map(([column]) => `${column} = ?`), params: given.map(([, value]) => value) };
}
