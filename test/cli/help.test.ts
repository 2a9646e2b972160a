// Every command answers --help with its usage and at least one example; the command tree is read from the program
// itself, so a new command without help text fails here.
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { runBin } from "../support/spawn.js";

function leaves(command: Command, prefix: string[] = []): string[][] {
  const children = command.commands.filter((c) => c.name() !== "help");
  if (children.length === 0) return [prefix];
  return children.flatMap((c) => leaves(c, [...prefix, c.name()]));
}

describe("--help", () => {
  const paths = leaves(buildProgram());

  it("covers the commands of the contract", () => {
    const names = paths.map((p) => p.join(" "));
    for (const expected of [
      "healthcheck",
      "demo",
      "start-api",
      "version",
      "simulator",
      "quote",
      "bars",
      "account",
      "positions",
      "pnl",
      "orders open",
      "orders status",
      "orders cancel",
      "orders preview",
      "orders place",
      "audit query",
      "audit export",
      "audit verify",
      "kill-switch on",
      "kill-switch off",
      "kill-switch status",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(leaves(buildProgram()).map((p) => [p.join(" "), p]))(
    "%s --help shows usage and an example",
    async (_name, path) => {
      const r = await runBin("cli/main.js", [...(path as string[]), "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: ibkr-gateway ${(path as string[]).join(" ")}`);
      expect(r.stdout).toMatch(/Examples?:\n {2}\$ ibkr-gateway /);
    },
  );
});
