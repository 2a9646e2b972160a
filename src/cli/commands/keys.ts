// `ibkr-gateway keys add|list|remove`: manage the named API keys of API_KEYS_FILE. A new key is printed once and only
// its salted hash is stored; `list` never shows hashes. A running gateway reads the file when it starts.
import { existsSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import {
  API_KEY_SCOPES,
  generateApiKey,
  readApiKeysFile,
  writeApiKeysFile,
  type ApiKeyRecord,
  type ApiKeyScope,
} from "../../config/index.js";
import { CliExit, globalOptions, requireConfig } from "../config.js";
import { parseIntOption } from "../options.js";

interface FileOption {
  file?: string;
}

interface AddOptions extends FileOption {
  scopes: ApiKeyScope[];
  maxOrderNotional?: number;
  maxDailyNotional?: number;
  symbols?: string[];
  maxOrdersPerMinute?: number;
  approval?: "required" | "none";
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function parseScopes(raw: string): ApiKeyScope[] {
  const scopes = raw.split(",").map((s) => s.trim().toLowerCase());
  for (const scope of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(scope)) {
      throw new InvalidArgumentError(`unknown scope '${scope}'; scopes are ${API_KEY_SCOPES.join(", ")}`);
    }
  }
  return [...new Set(scopes)] as ApiKeyScope[];
}

const parseAmount = (name: string) => (raw: string) => {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive number, got '${raw}'`);
  }
  return value;
};

function parseSymbols(raw: string): string[] {
  const symbols = raw
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "");
  if (symbols.length === 0) throw new InvalidArgumentError("--symbols needs at least one symbol");
  return symbols;
}

export function registerKeys(program: Command): void {
  const keys = program
    .command("keys")
    .description("manage the named API keys of API_KEYS_FILE (scopes and per-key limits)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway keys add research-bot --scopes read\n" +
        "  $ ibkr-gateway keys add strategy-a --scopes read,trade --max-order-notional 5000 --symbols AAPL,MSFT\n" +
        "  $ ibkr-gateway keys list\n  $ ibkr-gateway keys remove research-bot",
    );
  registerAdd(keys);
  registerList(keys);
  registerRemove(keys);
}

const fileOption = (cmd: Command) => cmd.option("--file <path>", "the keys file (default: API_KEYS_FILE)");

function registerAdd(keys: Command): void {
  const add = fileOption(
    keys
      .command("add")
      .description("create a key: prints it once and stores only its hash")
      .argument("<name>", "the key's name (letters, digits, '.', '_', '-'); audit rows and logs show it")
      .requiredOption("--scopes <list>", `comma-separated: ${API_KEY_SCOPES.join(", ")}`, parseScopes)
      .option("--max-order-notional <n>", "largest order exposure (base currency)", parseAmount("--max-order-notional"))
      .option(
        "--max-daily-notional <n>",
        "largest exposure sent today (base currency)",
        parseAmount("--max-daily-notional"),
      )
      .option("--symbols <list>", "comma-separated symbols this key may trade", parseSymbols)
      .option("--max-orders-per-minute <n>", "orders per 60 s", parseIntOption("--max-orders-per-minute", 1, 100_000))
      .addOption(new Option("--approval <mode>", "orders need a person's approval").choices(["required", "none"])),
  ).addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway keys add dashboard --scopes read,admin\n" +
      "  $ ibkr-gateway keys add strategy-a --scopes read,trade --max-order-notional 5000 --max-orders-per-minute 10",
  );
  add.action((name: string, opts: AddOptions) => {
    if (!NAME.test(name) || name === "API_KEY") {
      console.error(`error: the name must be 1-64 letters, digits, '.', '_' or '-' (not 'API_KEY'), got '${name}'`);
      throw new CliExit(2);
    }
    const path = keysFile(add, opts);
    const list = existsSync(path) ? readList(path) : [];
    if (list.some((k) => k.name === name)) {
      console.error(`A key named '${name}' already exists in ${path}; remove it first`);
      throw new CliExit(1);
    }
    const { key, hash } = generateApiKey();
    const record: ApiKeyRecord = {
      name,
      hash,
      scopes: opts.scopes,
      ...(opts.maxOrderNotional === undefined ? {} : { maxOrderNotional: opts.maxOrderNotional }),
      ...(opts.maxDailyNotional === undefined ? {} : { maxDailyNotional: opts.maxDailyNotional }),
      ...(opts.symbols === undefined ? {} : { symbolAllowlist: opts.symbols }),
      ...(opts.maxOrdersPerMinute === undefined ? {} : { maxOrdersPerMinute: opts.maxOrdersPerMinute }),
      ...(opts.approval === undefined ? {} : { approval: opts.approval }),
    };
    writeApiKeysFile(path, [...list, record]);
    if (globalOptions(add).json) return console.log(JSON.stringify({ ...describe(record), key }));
    console.log(`Key '${name}' added to ${path} with scopes ${opts.scopes.join(", ")}.`);
    console.log(`Key (shown once, store it now): ${key}`);
    console.log("A running gateway reads the keys file when it starts: restart it to use the new key.");
  });
}

function registerList(keys: Command): void {
  const list = fileOption(keys.command("list").description("show the keys' names, scopes and limits (never hashes)"));
  list.addHelpText("after", "\nExample:\n  $ ibkr-gateway keys list --json");
  list.action((opts: FileOption) => {
    const path = keysFile(list, opts);
    const rows = (existsSync(path) ? readList(path) : []).map(describe);
    if (globalOptions(list).json) return console.log(JSON.stringify(rows));
    if (rows.length === 0) return console.log(`No keys in ${path}.`);
    for (const row of rows) {
      const { name, scopes, ...limits } = row;
      const shown = Object.entries(limits).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`);
      console.log([name, `scopes=${scopes.join(",")}`, ...shown].join("  "));
    }
  });
}

function registerRemove(keys: Command): void {
  const remove = fileOption(
    keys.command("remove").description("delete a key by name").argument("<name>", "the key's name"),
  ).addHelpText("after", "\nExample:\n  $ ibkr-gateway keys remove research-bot");
  remove.action((name: string, opts: FileOption) => {
    const path = keysFile(remove, opts);
    const list = existsSync(path) ? readList(path) : [];
    if (!list.some((k) => k.name === name)) {
      console.error(`No key named '${name}' in ${path}`);
      throw new CliExit(1);
    }
    writeApiKeysFile(
      path,
      list.filter((k) => k.name !== name),
    );
    if (globalOptions(remove).json) return console.log(JSON.stringify({ name, removed: true }));
    console.log(`Key '${name}' removed from ${path}. A running gateway keeps accepting it until it restarts.`);
  });
}

/** --file, else API_KEYS_FILE; neither is a usage error. */
function keysFile(cmd: Command, opts: FileOption): string {
  if (opts.file !== undefined) return opts.file;
  const path = requireConfig(cmd, {}, "command", { readKeysFile: false }).apiKeysFile;
  if (path !== null) return path;
  console.error("error: no keys file: set API_KEYS_FILE or pass --file PATH");
  throw new CliExit(2);
}

function readList(path: string): ApiKeyRecord[] {
  const result = readApiKeysFile(path);
  if (result.ok) return result.keys;
  console.error(result.problem);
  throw new CliExit(1);
}

/** Everything but the hash. */
function describe(record: ApiKeyRecord): Omit<ApiKeyRecord, "hash"> {
  const { hash: _hash, ...rest } = record;
  return rest;
}
