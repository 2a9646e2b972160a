import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { Statements } from "./statements.js";

let db: Database.Database | undefined;
afterEach(() => db?.close());

it("compiles each SQL text once and runs it with new parameters every time", () => {
  db = new Database(":memory:");
  db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
  const statements = new Statements(db);
  const insert = statements.get<[string, number]>("INSERT INTO t (k, v) VALUES (?, ?)");
  expect(statements.get("INSERT INTO t (k, v) VALUES (?, ?)")).toBe(insert);
  insert.run("a", 1);
  statements.get<[string, number]>("INSERT INTO t (k, v) VALUES (?, ?)").run("b", 2);
  const select = statements.get<[string], { v: number }>("SELECT v FROM t WHERE k = ?");
  expect(select).not.toBe(insert);
  expect(select.get("a")?.v).toBe(1);
  expect(statements.get<[string], { v: number }>("SELECT v FROM t WHERE k = ?").get("b")?.v).toBe(2);
});
