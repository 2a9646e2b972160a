// Loads the gateway configuration for a CLI command from the global flags, printing the contract's error form
// on failure. Commands receive a frozen config or exit 1.
import type { Command } from "commander";
import { loadConfig, type ConfigOverrides, type GatewayConfig } from "../config/index.js";
import type { GlobalOptions } from "./options.js";

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
 * The configuration, or the problem list and exit 1. Broker commands lead with `✗ Configuration error: <first>`
 * on failure; the server prints the plain list.
 */
export function requireConfig(
  command: Command,
  extra: ConfigOverrides = {},
  style: "command" | "server" = "command",
): GatewayConfig {
  const result = loadConfig({ overrides: { ...cliOverrides(globalOptions(command)), ...extra } });
  if (result.ok) return result.config;
  if (style === "command") console.error(`✗ Configuration error: ${result.problems[0]}`);
  console.error("Configuration error:");
  for (const problem of result.problems) console.error(`  - ${problem}`);
  throw new CliExit(1);
}
