// `ibkr-gateway kill-switch on|off|status`: flips the kill switch (the file next to a SQLite store, or the shared
// state of a PostgreSQL store), audited with interface `cli`. A running gateway notices the change within a second,
// cancels every open order at the broker and records how many (source `file`, or `shared` for the instances of a
// PostgreSQL store); `on` waits briefly for that row, so it can say what was cancelled.
import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import { openLocalServices, type LocalServices } from "../../main.js";
import type { OperationContext } from "../../operations/index.js";
import { globalOptions, requireConfig } from "../config.js";

const CLI: OperationContext = { interface: "cli", correlationId: null };
/** A gateway watches the file once a second: give it that and its global cancel. */
const GATEWAY_WAIT_MS = 2500;

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
      const already = s.killSwitch.current();
      // Read first: with a shared store a running gateway may record its cancel before this command's own row.
      const since = await lastKillSwitchRow(s);
      const state = await s.killSwitch.activate(opts.reason, "cli", CLI);
      const cancelled = await gatewayCancelCount(s, since);
      const text = [
        already.active
          ? `Kill switch was already ON; reason now: ${state.reason}.`
          : `Kill switch ON: ${state.reason}.`,
        cancelled === null
          ? "No running gateway using this data folder answered within 2.5 s; a gateway cancels every open order " +
            "when it starts or reconnects, and refuses new ones while the switch is on."
          : cancelled === "deferred"
            ? "The running gateway is not connected to the broker right now; it cancels every open order as soon " +
              "as it reconnects, and refuses new ones."
            : `The running gateway cancelled ${cancelled} open order${cancelled === 1 ? "" : "s"} and refuses new ` +
              "ones.",
      ].join(" ");
      print(on, { ...state, cancelledOpenOrders: cancelled }, text);
    });
  });

  const off = ks.command("off").description("deactivate the kill switch (cancelled orders are not restored)");
  off.addHelpText("after", "\nExample:\n  $ ibkr-gateway kill-switch off");
  off.action(async () => {
    await withServices(off, async (s) => {
      const before = s.killSwitch.current();
      if (!before.active) return print(off, before, "Kill switch is already off; nothing changed.");
      const state = await s.killSwitch.deactivate("cli", CLI);
      print(off, state, "Kill switch OFF: new orders are accepted again (orders it cancelled are not restored).");
    });
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

/** Id of the newest KILL_SWITCH row before this command's change. */
async function lastKillSwitchRow(s: LocalServices): Promise<number> {
  return (await s.store.queryAudit({ eventType: "KILL_SWITCH", limit: 1 })).records[0]?.id ?? 0;
}

/**
 * The number a running gateway recorded for its global cancel after row `since`; "deferred" when it saw the switch
 * while not connected to the broker (it cancels on reconnect); null when no gateway recorded anything in time.
 */
async function gatewayCancelCount(s: LocalServices, since: number): Promise<number | "deferred" | null> {
  const deadline = Date.now() + GATEWAY_WAIT_MS;
  while (Date.now() < deadline) {
    const rows = (await s.store.queryAudit({ eventType: "KILL_SWITCH", limit: 10 })).records;
    const observed = (r: (typeof rows)[number]) =>
      r.eventData["source"] === "file" || r.eventData["source"] === "shared";
    const seen = rows.find((r) => r.id > since && observed(r) && r.eventData["active"] === true);
    const count = seen?.eventData["cancelled_open_orders"];
    if (typeof count === "number") return count;
    if (seen) return "deferred";
    await sleep(100);
  }
  return null;
}

async function withServices(cmd: Command, fn: (s: LocalServices) => Promise<void>): Promise<void> {
  const config = requireConfig(cmd);
  // The sentence printed is the answer; the service's own log lines stay out of the way unless asked for.
  const services = await openLocalServices(config.logLevel === "DEBUG" ? config : { ...config, logLevel: "ERROR" });
  try {
    await fn(services);
  } finally {
    await services.close();
  }
}

function print(cmd: Command, state: unknown, text: string): void {
  console.log(globalOptions(cmd).json ? JSON.stringify(state) : text);
}
