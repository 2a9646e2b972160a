// `ibkr-gateway start-api`: the REST API, docs and MCP endpoint in this process, connecting to the broker in the
// background. Stops cleanly on SIGINT/SIGTERM.
import type { Command } from "commander";
import { createGateway } from "../../main.js";
import { CliExit, requireConfig } from "../config.js";
import { parseIntOption } from "../options.js";
import { bold, fail, printFields } from "../output.js";
import { modeLabel } from "../runtime.js";

export function registerStartApi(program: Command): void {
  const cmd = program
    .command("start-api")
    .description("run the REST API, its docs and the MCP endpoint (connects to the broker in the background)")
    .option("--port <port>", "HTTP port (overrides API_PORT; 0 = any free port)", parseIntOption("--port", 0, 65535))
    .option("--host <host>", "bind address (overrides API_HOST; non-loopback requires API_KEY)")
    .addHelpText("after", "\nExamples:\n  $ ibkr-gateway start-api\n  $ ibkr-gateway --simulate start-api --port 8080");
  cmd.action(async (o: { port?: number; host?: string }) => {
    const overrides = { ...(o.port === undefined ? {} : { apiPort: o.port }), ...(o.host ? { apiHost: o.host } : {}) };
    const gateway = await createGateway(requireConfig(cmd, overrides, "server"));
    const { config } = gateway;
    let address: string;
    try {
      address = await gateway.app.listen({ host: config.apiHost, port: config.apiPort });
    } catch (err) {
      const inUse = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
      fail(`Server failed: ${inUse ? `port ${config.apiPort} is already in use` : (err as Error).message}`);
      await gateway.stop();
      throw new CliExit(1);
    }
    gateway.start();
    const port = Number(new URL(address).port);
    console.log(bold("Starting IBKR Gateway API Server"));
    printFields([
      ["Host", config.apiHost],
      ["Port", port],
      ["Mode", modeLabel(config)],
      ["Audit database", storeLabel(gateway.services.store)],
      ["Kill switch file", config.killSwitchFile],
    ]);
    const base = `http://${config.apiHost.includes(":") ? `[${config.apiHost}]` : config.apiHost}:${port}`;
    printFields([
      ["API docs", `${base}/docs`],
      ["Health", `${base}/health`],
      ["OpenAPI", `${base}/openapi.json`],
      ["MCP endpoint", `${base}/mcp`],
      ["Dashboard", `${base}/ui`],
    ]);
    console.log(
      config.ordersEnabled
        ? `Orders: ENABLED (${config.tradingMode} account)`
        : "Orders: disabled - placements answer SIMULATED (set ORDERS_ENABLED=true to send paper orders)",
    );
    if (gateway.simulator)
      console.log(`Simulated account: DU1234567 (embedded TWS simulator on 127.0.0.1:${gateway.simulator.port})`);
    console.log("Press Ctrl+C to stop.");
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void gateway.stop().then(() => {
          console.log("Server stopped");
          resolve();
        });
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  });
}

/** The SQLite file, or the PostgreSQL database (its URL without the password). */
function storeLabel(store: { backend: string; location: string }): string {
  return store.backend === "postgres" ? `PostgreSQL ${store.location} (shared)` : store.location;
}
