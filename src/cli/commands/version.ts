// `ibkr-gateway version`: product and runtime versions.
import type { Command } from "commander";
import { VERSION } from "../../domain/index.js";

export function registerVersion(program: Command): void {
  program
    .command("version")
    .description("show the gateway and Node.js versions")
    .addHelpText("after", "\nExample:\n  $ ibkr-gateway version")
    .action(() => {
      console.log("IBKR Gateway");
      console.log(`Version: ${VERSION}`);
      console.log(`Node.js: ${process.version}`);
    });
}
