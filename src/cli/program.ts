// Builds the `ibkr-gateway` command tree with commander. Usage errors exit 2; each command
// module registers itself and owns its output. No broker or server wiring happens here.
import { Command, Option } from "commander";
import { VERSION } from "../domain/index.js";
import { parseIntOption } from "./options.js";
import { registerAccount } from "./commands/account.js";
import { registerApprovals } from "./commands/approvals.js";
import { registerAudit } from "./commands/audit.js";
import { registerDb } from "./commands/db.js";
import { registerDemo } from "./commands/demo.js";
import { registerHealthcheck } from "./commands/healthcheck.js";
import { registerKeys } from "./commands/keys.js";
import { registerKillSwitch } from "./commands/kill-switch.js";
import { registerMarket } from "./commands/market.js";
import { registerOrders } from "./commands/orders.js";
import { registerSimulator } from "./commands/simulator.js";
import { registerStartApi } from "./commands/start-api.js";
import { registerVersion } from "./commands/version.js";
import { registerWatch } from "./commands/watch.js";

export const DESCRIPTION = "IBKR Gateway CLI - Market data, account status, and order management";

export function buildProgram(): Command {
  const program = new Command("ibkr-gateway")
    .description(DESCRIPTION)
    .version(VERSION, "--version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--host <host>", "broker host (overrides IBKR_GATEWAY_HOST)")
    .option("--port <port>", "broker port for the active mode", parseIntOption("--port", 1, 65535))
    .addOption(new Option("--paper", "use paper trading for this run").conflicts("live"))
    .addOption(new Option("--live", "use live trading for this run").conflicts("paper"))
    .option("--simulate", "use the embedded TWS simulator (forces paper)")
    .option("--client-id <n>", "broker client id for this run", parseIntOption("--client-id", 0, 2147483647))
    .option("--json", "print results as JSON (errors as the error envelope)")
    .enablePositionalOptions()
    .showHelpAfterError("(run 'ibkr-gateway --help' for usage)")
    .exitOverride();
  registerHealthcheck(program);
  registerDemo(program);
  registerStartApi(program);
  registerVersion(program);
  registerMarket(program);
  registerAccount(program);
  registerOrders(program);
  registerSimulator(program);
  registerAudit(program);
  registerKillSwitch(program);
  registerKeys(program);
  registerDb(program);
  registerApprovals(program);
  registerWatch(program);
  return program;
}
