// Runs a CLI command that needs the broker: configuration from flags, the gateway's services (embedded simulator
// with --simulate), a wait of up to 10 s for `ready` (ending early on the first failed attempt), then the command.
// Errors print once (✗ line or JSON envelope) and exit 1.
import type { Command } from "commander";
import type { GatewayConfig } from "../config/index.js";
import { GatewayError } from "../domain/index.js";
import { createGatewayCore, type GatewayCore } from "../main.js";
import { invoke, type Operation, type OperationContext } from "../operations/index.js";
import { CliExit, globalOptions, requireConfig } from "./config.js";
import { printError, progress } from "./output.js";

export const CLI_CONNECT_TIMEOUT_MS = 10_000;
const CLI_CONTEXT: OperationContext = { interface: "cli", correlationId: null };

/** Resolves once ready; rejects with the connect error as soon as an attempt fails, or after the timeout. */
export function waitForBroker(core: GatewayCore, timeoutMs = CLI_CONNECT_TIMEOUT_MS): Promise<void> {
  const { connection } = core.services.broker;
  return new Promise((resolve, reject) => {
    let off = (): void => undefined;
    const failed = (status: { state: string; lastError: string | null }) => {
      if (status.state === "ready") return (off(), resolve());
      if (status.lastError !== null && status.state !== "connecting") {
        off();
        reject(new GatewayError("IBKR_CONNECTION_ERROR", status.lastError));
      }
    };
    off = connection.onStateChange(failed);
    connection.waitUntilReady(timeoutMs).then(
      () => (off(), resolve()),
      (err: unknown) => (off(), reject(err)),
    );
  });
}

export async function withBroker<T>(cmd: Command, fn: (core: GatewayCore) => Promise<T>): Promise<T> {
  const json = globalOptions(cmd).json === true;
  const core = await createGatewayCore(requireConfig(cmd), {
    logDestination: "stderr",
    quietInfo: true,
    dailyLossGuard: false,
  });
  try {
    core.start();
    if (!json) progress("Connecting to IBKR Gateway...");
    await waitForBroker(core);
    return await fn(core);
  } catch (err) {
    if (err instanceof CliExit) throw err;
    printError(err, json);
    throw new CliExit(1);
  } finally {
    await core.stop();
  }
}

/** Validates CLI-built input with the operation's schema (bad values are usage errors, exit 2) and runs it. */
export async function runOperation<O>(core: GatewayCore, op: Operation, raw: unknown, timeoutSec?: number): Promise<O> {
  const parsed = op.input.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`error: invalid ${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid value"}`);
    throw new CliExit(2);
  }
  const limit = timeoutSec ?? core.config.apiRequestTimeoutSec;
  return invoke<unknown, O>(op, core.services, parsed.data, CLI_CONTEXT, { timeoutSec: limit });
}

export function modeLabel(config: GatewayConfig): string {
  return config.mode === "simulation" ? "SIMULATION" : config.tradingMode === "live" ? "LIVE" : "PAPER";
}
