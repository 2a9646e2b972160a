// Opens the SQLite file of the audit store with the settings that let several processes share it (WAL journal,
// 5 s busy timeout) and migrates its schema. It knows nothing about what the tables mean.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { migrate } from "./migrations.js";

export const BUSY_TIMEOUT_MS = 5_000;

export class AuditDatabaseNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`Audit database not found: ${path}`);
    this.name = "AuditDatabaseNotFoundError";
  }
}

export interface OpenedDatabase {
  db: Database;
  schemaVersion: number;
}

/** `mustExist` is for readers such as the audit CLI, which must not create an empty database by accident. */
export function openDatabase(path: string, mustExist: boolean, now: () => Date): OpenedDatabase {
  if (mustExist && !existsSync(path)) throw new AuditDatabaseNotFoundError(path);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    return { db, schemaVersion: migrate(db, now) };
  } catch (error) {
    db.close();
    throw error;
  }
}
