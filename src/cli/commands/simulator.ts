// `ibkr-gateway simulator`: runs the TWS simulator standalone until SIGINT/SIGTERM.
// Only its own flags are validated; the gateway configuration is not read.
import { InvalidArgumentError, Option, type Command } from "commander";
import { startSimulator } from "../../sim/index.js";
import { parseIntOption } from "../options.js";

interface SimulatorOptions {
  port: number;
  host: string;
  seed: number;
  account: string;
  controlPort?: number;
  walkMs: number;
}

const ACCOUNT = /^[A-Za-z0-9]{1,32}$/;

export function registerSimulator(program: Command): void {
  program
    .command("simulator")
    .description("run the built-in TWS simulator (a paper IB Gateway stand-in speaking the TWS socket protocol)")
    .option("--port <port>", "TCP port to listen on (0 = any free port)", parseIntOption("--port", 0, 65535), 4002)
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--seed <n>", "seed of the deterministic market", parseIntOption("--seed", 0, 4294967295), 42)
    .addOption(new Option("--account <id>", "managed account id").default("DU1234567").argParser(parseAccount))
    .option(
      "--control-port <port>",
      "also serve the HTTP control API on 127.0.0.1:<port>",
      parseIntOption("--control-port", 0, 65535),
    )
    .option(
      "--walk-ms <ms>",
      "move unpinned prices every <ms> milliseconds (0 = static)",
      parseIntOption("--walk-ms", 0, 86_400_000),
      0,
    )
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway simulator\n  $ ibkr-gateway simulator --port 4002 --seed 7 --control-port 4010 --walk-ms 1000",
    )
    .action(async (options: SimulatorOptions) => {
      await runSimulator(options);
    });
}

function parseAccount(raw: string): string {
  if (!ACCOUNT.test(raw)) throw new InvalidArgumentError(`--account must be 1-32 letters or digits, got '${raw}'`);
  return raw;
}

async function runSimulator(options: SimulatorOptions): Promise<void> {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator({
      port: options.port,
      host: options.host,
      seed: options.seed,
      account: options.account,
      walkMs: options.walkMs,
      ...(options.controlPort === undefined ? {} : { controlPort: options.controlPort }),
      log: (line: string) => console.log(line),
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
    return;
  }
  console.log(
    `TWS simulator listening on ${sim.host}:${sim.port} (server versions up to 193, seed ${options.seed}, account ${options.account})`,
  );
  if (sim.controlPort !== undefined) console.log(`Control API on http://127.0.0.1:${sim.controlPort}`);
  console.log("Press Ctrl+C to stop.");
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void sim.stop().then(() => {
        console.log("Simulator stopped");
        resolve();
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
