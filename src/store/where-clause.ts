// Builds the WHERE clause of the store's filtered queries from optional filters. Column names come from our own
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
