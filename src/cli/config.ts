// Loads the gateway configuration for a CLI command from the global flags, printing the contract's error form
// on failure. Commands receive a frozen config or exit 1.
import type { Command } from "commander";
import { loadConfig, type ConfigOverrides, type GatewayConfig, type LoadOptions } from "../config/index.js";
import type { GlobalOptions } from "./options.js";
import { printJson, warnError } from "./output.js";

export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = "CliExit";
  }
}

/**
 * The options given before the command name. Read from the root program only: subcommands have options of the same
 * name (`start-api --port` is the API port, not the broker port), so merged option views would mix them up.
 */
export function globalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

export function cliOverrides(opts: GlobalOptions): ConfigOverrides {
  return {
    ...(opts.host === undefined ? {} : { gatewayHost: opts.host }),
    ...(opts.port === undefined ? {} : { gatewayPort: opts.port }),
    ...(opts.paper ? { tradingMode: "paper" as const } : {}),
    ...(opts.live ? { tradingMode: "live" as const } : {}),
    ...(opts.simulate ? { simulate: true } : {}),
    ...(opts.clientId === undefined ? {} : { clientId: opts.clientId }),
  };
}

/**
 * The configuration, or the problem list and exit 1. Broker commands lead with `✗ Configuration error: <first>`;
 * the server prints the plain list; with `--json` the problems are one error envelope on stdout and nothing else.
 * Warnings of a configuration that loads (`--simulate` forcing paper over `--live`) go to stderr.
 */
export function requireConfig(
  command: Command,
  extra: ConfigOverrides = {},
  style: "command" | "server" = "command",
  options: Pick<LoadOptions, "readKeysFile"> = {},
): GatewayConfig {
  const global = globalOptions(command);
  const result = loadConfig({ ...options, overrides: { ...cliOverrides(global), ...extra } });
  if (result.ok) {
    for (const warning of result.warnings) warnError(warning);
    return result.config;
  }
  if (global.json === true) {
    printJson({
      error_code: "VALIDATION_ERROR",
      message: `Configuration error: ${result.problems.join("; ")}`,
      details: { problems: result.problems },
    });
    throw new CliExit(1);
  }
  if (style === "command") console.error(`✗ Configuration error: ${result.problems[0]}`);
  console.error("Configuration error:");
  for (const problem of result.problems) console.error(`  - ${problem}`);
  throw new CliExit(1);
}
