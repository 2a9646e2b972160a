#!/usr/bin/env node
// Entry point of the `ibkr-gateway` binary: runs the command tree and maps commander's outcomes to exit codes
// (0 success, 1 failure, 2 usage error).
import { CommanderError } from "commander";
import { CliExit } from "./config.js";
import { buildProgram } from "./program.js";

const CLEAN_EXITS = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CliExit) return err.exitCode;
    if (err instanceof CommanderError) {
      // Help asked for is a success; help shown because no command was given is a usage error.
      if (CLEAN_EXITS.has(err.code) && err.exitCode === 0) return 0;
      if (err.code === "commander.conflictingOption") {
        console.error("Error: --paper and --live are mutually exclusive");
      }
      return 2;
    }
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

void main(process.argv).then((code) => process.exit(code));
