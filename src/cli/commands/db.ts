// `ibkr-gateway db status|migrate`: the schema version of the gateway's store and the steps it lacks, for the
// PostgreSQL database when DATABASE_URL is set, else the SQLite file (AUDIT_DB_PATH). The gateway migrates at
// start; these commands let an operator check or migrate ahead of a rollout. They never print a password.
import type { Command } from "commander";
import {
  migrateStoreSchema,
  redactUrl,
  storeSchemaStatus,
  StoreUnavailableError,
  type StoreSchemaStatus,
  type StoreTarget,
} from "../../operations/database-schema.js";
import { CliExit, globalOptions, requireConfig } from "../config.js";
import { fail, ok, printFields, printJson, warn } from "../output.js";

const TARGET_HELP =
  "\nThe store is the PostgreSQL database of DATABASE_URL when it is set, otherwise the SQLite file of AUDIT_DB_PATH " +
  "(or --db-path).";

export function registerDb(program: Command): void {
  const db = program
    .command("db")
    .description("show or apply the schema steps of the gateway's store (SQLite file or PostgreSQL)")
    .addHelpText("after", `\nExamples:\n  $ ibkr-gateway db status\n  $ ibkr-gateway db migrate\n${TARGET_HELP}`);
  registerStatus(db);
  registerMigrate(db);
}

function registerStatus(db: Command): void {
  const cmd = db
    .command("status")
    .description("show the store's schema version; exit 0 when current, 1 when steps are pending or it is unreachable")
    .option("--db-path <path>", "SQLite file (default: AUDIT_DB_PATH; not used when DATABASE_URL is set)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway db status\n  $ DATABASE_URL=postgres://gw@db.internal/gateway ibkr-gateway db status\n" +
        "  $ ibkr-gateway --json db status\n" +
        TARGET_HELP,
    );
  cmd.action(async (opts: { dbPath?: string }) => {
    const target = storeTarget(cmd, opts);
    const json = globalOptions(cmd).json === true;
    const status = await reach(() => storeSchemaStatus(target), target, json);
    if (json) printJson(status);
    else printStatus(status);
    if (status.pending.length > 0) throw new CliExit(1);
  });
}

function registerMigrate(db: Command): void {
  const cmd = db
    .command("migrate")
    .description("apply the store's pending schema steps (each once, also with several instances starting)")
    .option("--db-path <path>", "SQLite file (default: AUDIT_DB_PATH; not used when DATABASE_URL is set)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway db migrate\n  $ DATABASE_URL=postgres://gw@db.internal/gateway ibkr-gateway db migrate\n" +
        TARGET_HELP,
    );
  cmd.action(async (opts: { dbPath?: string }) => {
    const target = storeTarget(cmd, opts);
    const json = globalOptions(cmd).json === true;
    const applied = await reach(() => migrateStoreSchema(target), target, json);
    const status = await reach(() => storeSchemaStatus(target), target, json);
    if (json) return printJson({ ...status, applied });
    const where = `${status.backend} store ${status.location}`;
    if (applied.length === 0) console.log(ok(`Nothing to apply: ${where} is at schema version ${status.current}.`));
    else
      console.log(
        ok(`Applied schema step${plural(applied)} ${applied.join(", ")}: ${where} is at version ${status.current}.`),
      );
  });
}

function storeTarget(cmd: Command, opts: { dbPath?: string }): StoreTarget {
  const config = requireConfig(cmd);
  return { databaseUrl: config.databaseUrl, sqlitePath: opts.dbPath ?? config.auditDbPath };
}

/** Runs `fn`; an unreachable database (or any other failure) is reported with its reason and exits 1. */
async function reach<T>(fn: () => Promise<T>, target: StoreTarget, json: boolean): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const unreachable = error instanceof StoreUnavailableError;
    const backend = target.databaseUrl ? "postgres" : "sqlite";
    const location = target.databaseUrl ? redactUrl(target.databaseUrl) : target.sqlitePath;
    if (json) printJson({ backend, location, reachable: !unreachable, error: reason });
    else fail(`${reason} (${backend} store ${location})`);
    throw new CliExit(1);
  }
}

function printStatus(status: StoreSchemaStatus): void {
  printFields([
    ["Backend", status.backend],
    ["Location", status.exists ? status.location : `${status.location} (does not exist yet)`],
    ["Schema version", status.current],
    ["Latest version", status.latest],
  ]);
  if (status.pending.length === 0) {
    console.log(ok("Schema is current."));
    return;
  }
  if (!status.exists) {
    console.log(warn("No store file yet: the gateway creates it at start, or run 'ibkr-gateway db migrate'."));
    return;
  }
  const steps = status.pending.join(", ");
  console.log(warn(`Pending schema step${plural(status.pending)}: ${steps}. Run 'ibkr-gateway db migrate'.`));
}

function plural(list: readonly unknown[]): string {
  return list.length === 1 ? "" : "s";
}
