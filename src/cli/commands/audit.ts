// `ibkr-gateway audit query|export|verify`: read the audit database of this or another gateway.
import { writeFileSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { expandTimeBound } from "../../domain/index.js";
import {
  AUDIT_EVENT_TYPES,
  auditStats,
  AuditDatabaseNotFoundError,
  exportOrderHistory,
  queryAuditLog,
  verifyAuditChain,
  type AuditEventType,
  type StoreTarget,
} from "../../operations/index.js";
import { CliExit, globalOptions, requireConfig } from "../config.js";
import { parseIntOption } from "../options.js";
import { printAuditPage, printStats } from "../print/audit.js";

interface Common {
  dbPath?: string;
  start?: string;
  end?: string;
  limit: number;
  offset: number;
}

const timeBound = (edge: "start" | "end") => (raw: string) => {
  const iso = expandTimeBound(raw, edge);
  if (iso === null)
    throw new InvalidArgumentError(`--${edge} must be an ISO timestamp or a YYYY-MM-DD date, got '${raw}'`);
  return iso;
};

function addCommonOptions(cmd: Command, defaultLimit: number): Command {
  return cmd
    .option("--db-path <path>", "audit database (default: AUDIT_DB_PATH)")
    .option("--start <time>", "from this ISO timestamp or date (inclusive)", timeBound("start"))
    .option("--end <time>", "up to this ISO timestamp or date (inclusive)", timeBound("end"))
    .option("--limit <n>", "maximum rows", parseIntOption("--limit", 1, 1_000_000), defaultLimit)
    .option("--offset <n>", "rows to skip", parseIntOption("--offset", 0, Number.MAX_SAFE_INTEGER), 0);
}

/**
 * The store to read: --db-path (a SQLite file), else the configured one (DATABASE_URL, else AUDIT_DB_PATH); a missing
 * SQLite file is `Audit database not found`, exit 1.
 */
function storeTarget(cmd: Command, opts: { dbPath?: string; keyFile?: string }): StoreTarget {
  const config = opts.dbPath === undefined ? requireConfig(cmd) : undefined;
  return {
    sqlitePath: opts.dbPath ?? config?.auditDbPath ?? "",
    databaseUrl: config?.databaseUrl ?? null,
    hmacKeyFile: opts.keyFile ?? config?.http.auditHmacKeyFile,
  };
}

async function run(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AuditDatabaseNotFoundError) {
      console.error(err.message);
      throw new CliExit(1);
    }
    throw err;
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("query, export and verify the audit trail");
  registerQuery(audit);
  registerExport(audit);
  registerVerify(audit);
}

function registerQuery(audit: Command): void {
  const cmd = addCommonOptions(audit.command("query").description("list audit records, newest first"), 100)
    .addOption(new Option("--event-type <type>", "only this event type").choices(AUDIT_EVENT_TYPES))
    .option("--correlation-id <id>", "only records of this request")
    .option("--account <id>", "only records of this account")
    .option("-v, --verbose", "show each record's data and user context")
    .option("--stats", "show database statistics instead of records")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway audit query --event-type ORDER_SUBMIT --start 2025-06-02\n  $ ibkr-gateway audit query --stats",
    );
  cmd.action(
    (
      opts: Common & {
        eventType?: AuditEventType;
        correlationId?: string;
        account?: string;
        verbose?: boolean;
        stats?: boolean;
      },
    ) =>
      run(async () => {
        const target = storeTarget(cmd, opts);
        const json = globalOptions(cmd).json === true;
        if (opts.stats) return printStats(await auditStats(target), json);
        const page = await queryAuditLog(target, {
          ...(opts.eventType ? { eventType: opts.eventType } : {}),
          ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
          ...(opts.account ? { accountId: opts.account } : {}),
          ...(opts.start ? { start: opts.start } : {}),
          ...(opts.end ? { end: opts.end } : {}),
          limit: opts.limit,
          offset: opts.offset,
        });
        printAuditPage(page, { offset: opts.offset, limit: opts.limit, verbose: opts.verbose === true, json });
      }),
  );
}

function registerExport(audit: Command): void {
  const cmd = addCommonOptions(audit.command("export").description("export order history to CSV or JSON"), 1000)
    .option("-o, --output <file>", "file to write (default: standard output, with progress lines on stderr)")
    .addOption(new Option("--format <format>", "file format").choices(["csv", "json"]).default("csv"))
    .option("--pretty", "indent JSON output")
    .option("--account <id>", "only orders of this account")
    .option("--symbol <symbol>", "only orders of this symbol")
    .option("--status <status>", "only orders in this status")
    .option("--correlation-id <id>", "only orders placed by this request")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway audit export -o orders.csv --start 2025-06-01 --end 2025-06-30\n" +
        "  $ ibkr-gateway audit export --format json | jq '.[].status'",
    );
  cmd.action(
    (
      opts: Common & {
        output?: string;
        format: "csv" | "json";
        pretty?: boolean;
        account?: string;
        symbol?: string;
        status?: string;
        correlationId?: string;
      },
    ) =>
      run(async () => {
        const target = storeTarget(cmd, opts);
        // Without a file the export is the output, so everything else goes to stderr.
        const say = opts.output === undefined ? console.error : console.log;
        say("Querying order history...");
        const result = await exportOrderHistory(
          target,
          {
            ...(opts.account ? { accountId: opts.account } : {}),
            ...(opts.symbol ? { symbol: opts.symbol.toUpperCase() } : {}),
            ...(opts.status ? { status: opts.status.toUpperCase() } : {}),
            ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
            ...(opts.start ? { start: opts.start } : {}),
            ...(opts.end ? { end: opts.end } : {}),
            limit: opts.limit,
            offset: opts.offset,
          },
          opts.format,
          opts.pretty === true,
        );
        if (result.content === null) return say("No orders found matching criteria.");
        say(`Found ${result.count} order(s)`);
        if (opts.output === undefined) {
          process.stdout.write(result.content);
          return;
        }
        writeFileSync(opts.output, result.content);
        say(`Exported ${result.count} orders to ${opts.output}`);
      }),
  );
}

function registerVerify(audit: Command): void {
  const cmd = audit
    .command("verify")
    .description(
      "recompute the keyed audit hash chain and compare it with the signed head checkpoint; exit 1 when broken " +
        "(edited rows, a recomputed chain, deleted rows, a missing key or checkpoint), naming the first bad row",
    )
    .option("--db-path <path>", "audit database (default: AUDIT_DB_PATH)")
    .option(
      "--key-file <path>",
      "audit HMAC key file (default: AUDIT_HMAC_KEY_FILE, or audit-hmac.key next to --db-path)",
    )
    .addHelpText("after", "\nExample:\n  $ ibkr-gateway audit verify --db-path ./data/audit.db");
  cmd.action((opts: { dbPath?: string; keyFile?: string }) =>
    run(async () => {
      const result = await verifyAuditChain(storeTarget(cmd, opts));
      if (result.ok) return console.log(`Audit chain OK: ${result.count} records verified`);
      console.error(`Audit chain BROKEN at record id ${result.id}: ${result.reason}`);
      // A broken chain is a failed check, not a usage error: exit 1 (2 is kept for usage errors).
      throw new CliExit(1);
    }),
  );
}
