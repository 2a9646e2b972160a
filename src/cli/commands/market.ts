// `ibkr-gateway quote` and `bars`: a snapshot quote and historical bars through the operations catalog.
import type { Command } from "commander";
import type { HistoricalBarsResponse, Quote } from "../../domain/index.js";
import { getHistoricalData, getQuote } from "../../operations/index.js";
import { globalOptions } from "../config.js";
import { printFields, printJson, printTable } from "../output.js";
import { runOperation, withBroker } from "../runtime.js";
import { checkUsage } from "../usage.js";
import { parseHistoricalParams } from "../../domain/index.js";
import { addDeprecatedAlias, resolveRenamed } from "../deprecated.js";

interface InstrumentOptions {
  secType?: string;
  /** The security type under its old name (deprecated). */
  type?: string;
  exchange?: string;
  currency?: string;
  expiry?: string;
  strike?: string;
  right?: string;
  multiplier?: string;
}

export function addInstrumentOptions(cmd: Command): Command {
  cmd
    .option(
      "--sec-type <secType>",
      "security type: STK, ETF, FUT, OPT, IND, CASH, CFD, BOND, FUND, CRYPTO (default STK)",
    )
    .option("--exchange <exchange>", "exchange (defaults per symbol, e.g. SMART, CME)")
    .option("--currency <currency>", "currency (default USD)")
    .option("--expiry <date>", "expiry: YYYY-MM-DD or YYYYMMDD (futures also YYYY-MM)")
    .option("--strike <price>", "option strike")
    .option("--right <right>", "option right: C, P, CALL or PUT")
    .option("--multiplier <n>", "contract multiplier");
  return addDeprecatedAlias(cmd, "--type <secType>", "security type (deprecated: use --sec-type)");
}

export function instrumentInput(symbol: string, o: InstrumentOptions, command: string): Record<string, unknown> {
  const secType = resolveRenamed(o.secType, o.type, { current: "--sec-type", previous: "--type", command }, "STK");
  return {
    symbol,
    securityType: secType.toUpperCase(),
    ...(o.exchange ? { exchange: o.exchange } : {}),
    ...(o.currency ? { currency: o.currency } : {}),
    ...(o.expiry ? { expiry: o.expiry } : {}),
    ...(o.strike !== undefined ? { strike: Number(o.strike) } : {}),
    ...(o.right ? { right: o.right.toUpperCase() } : {}),
    ...(o.multiplier ? { multiplier: o.multiplier } : {}),
  };
}

export function registerMarket(program: Command): void {
  const quote = addInstrumentOptions(program.command("quote <symbol>").description("snapshot quote of an instrument"));
  quote.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway quote AAPL\n  $ ibkr-gateway quote MES --sec-type FUT\n  $ ibkr-gateway --json quote EUR.USD --sec-type CASH",
  );
  quote.action((symbol: string, o: InstrumentOptions) => {
    const instrument = instrumentInput(symbol, o, "quote");
    return withBroker(quote, async (core) => {
      const q = await runOperation<Quote>(core, getQuote, instrument);
      if (globalOptions(quote).json) return printJson(q);
      printFields([
        ["Symbol", q.symbol],
        ["Bid", q.bid],
        ["Ask", q.ask],
        ["Last", q.last],
        ["Volume", q.volume],
        ["Source", q.source],
        ["Time", q.timestamp],
      ]);
    });
  });

  const bars = addInstrumentOptions(program.command("bars <symbol>").description("historical OHLCV bars"))
    .option("--bar-size <size>", "bar size, e.g. 1m, 5m, 1h, 1d", "1h")
    .option("--duration <duration>", "how far back, e.g. 1d, 5d, 1w, 1mo, 1y", "5d")
    .option("--what <whatToShow>", "TRADES, MIDPOINT, BID, ASK, ...", "TRADES")
    .option("--all-hours", "include bars outside regular trading hours");
  bars.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway bars SPY --sec-type ETF --bar-size 1h --duration 5d\n  $ ibkr-gateway bars AAPL --bar-size 1d --duration 1mo",
  );
  bars.action(
    (
      symbol: string,
      o: InstrumentOptions & { barSize: string; duration: string; what: string; allHours?: boolean },
    ) => {
      checkUsage(() =>
        parseHistoricalParams({ barSize: o.barSize, duration: o.duration, whatToShow: o.what }, Date.now(), {
          barSize: "--bar-size",
          duration: "--duration",
          whatToShow: "--what",
          endDateTime: "--end",
        }),
      );
      const input = {
        ...instrumentInput(symbol, o, "bars"),
        barSize: o.barSize,
        duration: o.duration,
        whatToShow: o.what,
        rthOnly: !o.allHours,
      };
      return withBroker(bars, async (core) => {
        const r = await runOperation<HistoricalBarsResponse>(core, getHistoricalData, input, 60);
        if (globalOptions(bars).json) return printJson(r);
        printTable(
          ["TIME", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME"],
          r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]),
        );
        console.log(`${r.barCount} bars`);
      });
    },
  );
}
