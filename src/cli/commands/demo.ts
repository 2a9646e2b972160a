// `ibkr-gateway demo`: a read-only tour — connection, a quote and bars, the account, an order preview.
// It always runs in paper mode and never places an order; a failing step is reported and the tour goes on.
import type { Command } from "commander";
import { requestsLiveTrading } from "../../config/index.js";
import type {
  AccountSummary,
  HistoricalBarsResponse,
  OrderPreview,
  PositionsResponse,
  Quote,
} from "../../domain/index.js";
import { createGatewayCore, type GatewayCore } from "../../main.js";
import { getAccountSummary, getHistoricalData, getPositions, getQuote, previewOrder } from "../../operations/index.js";
import { CliExit, cliOverrides, globalOptions, requireConfig } from "../config.js";
import { bold, fail, ok, printTable, warnError } from "../output.js";
import { runOperation, waitForBroker } from "../runtime.js";

const AAPL = { symbol: "AAPL", securityType: "STK" } as const;

export function registerDemo(program: Command): void {
  const cmd = program
    .command("demo")
    .description("read-only tour: connection, market data, account and an order preview (never places an order)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway --simulate demo\n  $ ibkr-gateway demo   # against a paper IB Gateway on port 4002",
    );
  cmd.action(async () => {
    if (requestsLiveTrading({ overrides: cliOverrides(globalOptions(cmd)) })) {
      console.log("Safety Override: Demo only runs in paper trading mode. Forcing paper mode...");
    }
    const core = await createGatewayCore(requireConfig(cmd, { tradingMode: "paper" }), {
      logDestination: "stderr",
      quietInfo: true,
      dailyLossGuard: false,
    });
    try {
      await runDemo(core);
    } finally {
      await core.stop();
    }
  });
}

async function runDemo(core: GatewayCore): Promise<void> {
  const { config, services } = core;
  console.log(bold("IBKR Gateway Demo"));
  console.log(`Mode: PAPER${config.mode === "simulation" ? " (simulation)" : ""}`);
  console.log(`Gateway: ${config.gatewayHost}:${config.gatewayPort}`);
  console.log(bold("\n1. Connection"));
  core.start();
  try {
    await waitForBroker(core);
  } catch (err) {
    fail(`Could not connect to IB Gateway at ${config.gatewayHost}:${config.gatewayPort}: ${(err as Error).message}`);
    console.error("Tip: run 'ibkr-gateway --simulate demo' to try the demo against the built-in simulator");
    throw new CliExit(1);
  }
  const time = await services.broker.connection.serverTime(2000);
  console.log(
    ok(
      `Connected (server time ${time ?? "unavailable"}, accounts ${services.broker.connection.managedAccounts.join(", ")})`,
    ),
  );
  await step("Market data", () => marketData(core));
  await step("Account", () => account(core));
  await step("Order preview", () => preview(core));
  console.log(bold("\nDEMO COMPLETE"));
}

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const index = ["Market data", "Account", "Order preview"].indexOf(name) + 2;
  console.log(bold(`\n${index}. ${name}`));
  try {
    await fn();
  } catch (err) {
    warnError(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function marketData(core: GatewayCore): Promise<void> {
  const q = await runOperation<Quote>(core, getQuote, AAPL);
  console.log(`AAPL  bid ${q.bid}  ask ${q.ask}  last ${q.last}  (${q.source})`);
  const bars = await runOperation<HistoricalBarsResponse>(core, getHistoricalData, {
    symbol: "SPY",
    securityType: "ETF",
    barSize: "1 hour",
    duration: "5 D",
  });
  console.log(`SPY 1 hour bars over 5 D: ${bars.barCount} bars; the last 5:`);
  printTable(
    ["TIME", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME"],
    bars.bars.slice(-5).map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]),
  );
}

async function account(core: GatewayCore): Promise<void> {
  const s = await runOperation<AccountSummary>(core, getAccountSummary, {});
  console.log(
    `Account ${s.accountId}: net liquidation ${s.netLiquidation} ${s.currency}, cash ${s.cash}, buying power ${s.buyingPower}`,
  );
  const p = await runOperation<PositionsResponse>(core, getPositions, {});
  if (p.positions.length === 0) return console.log("No open positions");
  printTable(
    ["SYMBOL", "QTY", "AVG PRICE", "MKT VALUE"],
    p.positions.map((x) => [x.symbol, x.quantity, x.avgPrice, x.marketValue]),
  );
}

async function preview(core: GatewayCore): Promise<void> {
  const q = await runOperation<Quote>(core, getQuote, AAPL);
  const limitPrice = q.bid > 0 ? q.bid : q.last;
  const p = await runOperation<OrderPreview>(core, previewOrder, {
    instrument: AAPL,
    side: "BUY",
    quantity: 1,
    orderType: "LMT",
    limitPrice,
  });
  console.log(
    `AAPL LMT BUY 1 @ ${limitPrice}: estimated price ${p.estimatedPrice}, notional ${p.estimatedNotional}, commission ${p.estimatedCommission ?? "n/a"}`,
  );
  for (const w of p.warnings) console.log(`  - ${w}`);
  console.log("(preview only - no order is placed)");
}
