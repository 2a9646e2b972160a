// `ibkr-gateway kill-switch on|off|status` (SPEC §11.2): flips the kill switch file, audited with interface `cli`.
// A running gateway notices the change within a second and records it too (source `file`).
import type { Command } from "commander";
import { openLocalServices } from "../../main.js";
import type { OperationContext } from "../../operations/index.js";
import { globalOptions, requireConfig } from "../config.js";

const CLI: OperationContext = { interface: "cli", correlationId: null };

export function registerKillSwitch(program: Command): void {
  const ks = program
    .command("kill-switch")
    .description("halt trading (cancel all open orders, refuse new ones) or resume it")
    .addHelpText(
      "after",
      '\nExamples:\n  $ ibkr-gateway kill-switch on --reason "market halt"\n  $ ibkr-gateway kill-switch status',
    );

  const on = ks
    .command("on")
    .description("activate the kill switch")
    .option("--reason <text>", "why trading is halted", "manual");
  on.addHelpText(
    "after",
    '\nExamples:\n  $ ibkr-gateway kill-switch on --reason "market halt"\n  $ ibkr-gateway kill-switch on',
  );
  on.action(async (opts: { reason: string }) => {
    await withServices(on, async (s) => {
      const state = await s.killSwitch.activate(opts.reason, "cli", CLI);
      print(on, state, `Kill switch ACTIVATED: ${state.reason}`);
    });
  });

  const off = ks.command("off").description("deactivate the kill switch (cancelled orders are not restored)");
  off.addHelpText("after", "\nExample:\n  $ ibkr-gateway kill-switch off");
  off.action(async () => {
    await withServices(off, async (s) => print(off, s.killSwitch.deactivate("cli", CLI), "Kill switch deactivated"));
  });

  const status = ks.command("status").description("show the kill switch state");
  status.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway kill-switch status\n  $ ibkr-gateway --json kill-switch status",
  );
  status.action(async () => {
    await withServices(status, async (s) => {
      const state = s.killSwitch.current();
      const text = state.active
        ? `Kill switch: ACTIVE (reason: ${state.reason}, since ${state.activatedAt ?? "unknown"}, source ${state.source ?? "unknown"})`
        : "Kill switch: inactive";
      print(status, state, text);
    });
  });
}

async function withServices(
  cmd: Command,
  fn: (s: ReturnType<typeof openLocalServices>) => Promise<void>,
): Promise<void> {
  const services = openLocalServices(requireConfig(cmd));
  try {
    await fn(services);
  } finally {
    services.close();
  }
}

function print(cmd: Command, state: unknown, text: string): void {
  console.log(globalOptions(cmd).json ? JSON.stringify(state) : text);
}
