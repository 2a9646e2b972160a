// Options renamed for one vocabulary on every command (`--sec-type` is a security type, `--order-type` an order
// type): the old spelling keeps working for one release, with a note on stderr saying what to write instead.
import { Option, type Command } from "commander";
import { CliExit } from "./config.js";

/** Adds the old spelling as a hidden option; `resolve` then reads whichever was given. */
export function addDeprecatedAlias(cmd: Command, flags: string, description: string): Command {
  return cmd.addOption(new Option(flags, description).hideHelp());
}

/**
 * The value of the new option, or of the old one with a deprecation note; `fallback` when neither was given, or a
 * usage error (exit 2) when the option is required.
 */
export function resolveRenamed(
  value: string | undefined,
  old: string | undefined,
  names: { current: string; previous: string; command: string },
  fallback?: string,
): string {
  if (old !== undefined) {
    console.error(
      `warning: ${names.previous} is deprecated on '${names.command}' and will be removed in the next release; ` +
        `use ${names.current}`,
    );
    if (value !== undefined && value !== old) {
      console.error(`error: ${names.current} and ${names.previous} disagree ('${value}' and '${old}'); give one`);
      throw new CliExit(2);
    }
  }
  const given = value ?? old ?? fallback;
  if (given === undefined) {
    console.error(`error: required option '${names.current}' not specified`);
    throw new CliExit(2);
  }
  return given;
}
