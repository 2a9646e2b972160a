// `ibkr-gateway healthcheck`: really connects to the broker and reports server time and managed accounts.
import type { Command } from "commander";
import { createGatewayCore } from "../../main.js";
import { CliExit, globalOptions, requireConfig } from "../config.js";
import { fail, ok, printFields, printJson, progress } from "../output.js";
import { modeLabel, waitForBroker } from "../runtime.js";

/** `2025-06-02 14:30:00 UTC` */
function utcText(iso: string | null): string {
  return iso === null ? "unavailable" : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function registerHealthcheck(program: Command): void {
  const cmd = program
    .command("healthcheck")
    .description("connect to IB Gateway / TWS and report server time and managed accounts")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway healthcheck\n  $ ibkr-gateway --simulate healthcheck\n  $ ibkr-gateway --port 7497 --client-id 5 healthcheck",
    );
  cmd.action(async () => {
    const json = globalOptions(cmd).json === true;
    const core = await createGatewayCore(requireConfig(cmd), {
      logDestination: "stderr",
      quietInfo: true,
      dailyLossGuard: false,
    });
    const { config, services } = core;
    try {
      if (!json) {
        printFields([
          ["Mode", modeLabel(config)],
          ["Host", config.gatewayHost],
          ["Port", config.gatewayPort],
          ["Client ID", config.clientId],
          ["Audit database", config.auditDbPath],
          ["Kill switch file", config.killSwitchFile],
        ]);
        progress("Connecting to IBKR Gateway...");
      }
      core.start();
      await waitForBroker(core);
      const serverTime = await services.broker.connection.serverTime(2000);
      const accounts = [...services.broker.connection.managedAccounts];
      if (json) return printJson({ ok: true, mode: config.mode, serverTime, managedAccounts: accounts });
      console.log(ok("Connected successfully!"));
      printFields([
        ["Server Time", utcText(serverTime)],
        ["Managed Accounts", accounts.join(", ")],
      ]);
      console.log(ok("Health check passed"));
    } catch (err) {
      const reason = err instanceof Error ? err.message.replace(/^IBKR connection failed: /, "") : String(err);
      if (json) printJson({ error_code: "IBKR_CONNECTION_ERROR", message: `IBKR connection failed: ${reason}` });
      else {
        fail(`Connection failed: ${reason}`);
        console.error("Troubleshooting:");
        console.error("  • Is IB Gateway or TWS running?");
        console.error(`  • Is the API enabled on port ${config.gatewayPort}?`);
        console.error(`  • Is client id ${config.clientId} free?`);
      }
      throw new CliExit(1);
    } finally {
      await core.stop();
    }
  });
}
