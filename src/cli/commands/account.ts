// `ibkr-gateway account`, `positions` and `pnl`: account views through the operations catalog.
import type { Command } from "commander";
import type { AccountPnl, AccountSummary, PositionsResponse } from "../../domain/index.js";
import { getAccountSummary, getPnl, getPositions } from "../../operations/index.js";
import { globalOptions } from "../config.js";
import { printFields, printJson, printTable } from "../output.js";
import { runOperation, withBroker } from "../runtime.js";
import { checkUsage } from "../usage.js";
import { parsePnlTimeframe } from "../../domain/index.js";

const accountInput = (o: { account?: string }) => (o.account ? { account_id: o.account } : {});

export function registerAccount(program: Command): void {
  const account = program
    .command("account")
    .description("account summary: net liquidation, cash, buying power, margin")
    .option("--account <id>", "managed account (default: the first)");
  account.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway account\n  $ ibkr-gateway --json account --account DU1234567",
  );
  account.action((o: { account?: string }) =>
    withBroker(account, async (core) => {
      const s = await runOperation<AccountSummary>(core, getAccountSummary, accountInput(o));
      if (globalOptions(account).json) return printJson(s);
      printFields([
        ["Account", s.accountId],
        ["Currency", s.currency],
        ["Net Liquidation", s.netLiquidation],
        ["Cash", s.cash],
        ["Buying Power", s.buyingPower],
        ["Excess Liquidity", s.marginExcess],
        ["Initial Margin", s.initialMargin],
        ["Maintenance Margin", s.maintenanceMargin],
      ]);
    }),
  );

  const positions = program
    .command("positions")
    .description("open positions with market value and P&L")
    .option("--account <id>", "managed account (default: the first)");
  positions.addHelpText("after", "\nExamples:\n  $ ibkr-gateway positions\n  $ ibkr-gateway --json positions");
  positions.action((o: { account?: string }) =>
    withBroker(positions, async (core) => {
      const r = await runOperation<PositionsResponse>(core, getPositions, accountInput(o));
      if (globalOptions(positions).json) return printJson(r);
      if (r.positions.length === 0) return console.log("No open positions");
      printTable(
        ["SYMBOL", "TYPE", "QTY", "AVG PRICE", "MKT PRICE", "MKT VALUE", "UNREALIZED", "REALIZED"],
        r.positions.map((p) => [
          p.symbol,
          p.assetClass,
          p.quantity,
          p.avgPrice,
          p.marketPrice,
          p.marketValue,
          p.unrealizedPnl,
          p.realizedPnl,
        ]),
      );
    }),
  );

  const pnl = program
    .command("pnl")
    .description("realized and unrealized P&L, in total and per symbol")
    .option("--account <id>", "managed account (default: the first)")
    .option("--timeframe <tf>", "CURRENT, INTRADAY or 1D", "CURRENT");
  pnl.addHelpText("after", "\nExamples:\n  $ ibkr-gateway pnl\n  $ ibkr-gateway pnl --timeframe INTRADAY");
  pnl.action((o: { account?: string; timeframe: string }) => {
    checkUsage(() => parsePnlTimeframe(o.timeframe));
    return withBroker(pnl, async (core) => {
      const r = await runOperation<AccountPnl>(core, getPnl, { ...accountInput(o), timeframe: o.timeframe });
      if (globalOptions(pnl).json) return printJson(r);
      printFields([
        ["Account", r.accountId],
        ["Timeframe", r.timeframe],
        ["Realized", r.realized],
        ["Unrealized", r.unrealized],
      ]);
      const rows = Object.values(r.bySymbol);
      if (rows.length > 0)
        printTable(
          ["SYMBOL", "REALIZED", "UNREALIZED"],
          rows.map((d) => [d.symbol, d.realized, d.unrealized]),
        );
    });
  });
}
