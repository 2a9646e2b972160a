// `ibkr-gateway watch quotes|orders|pnl`: live views of a running gateway (not the broker): its event streams over
// HTTP, redrawn in place on a terminal, NDJSON with --json or when stdout is not a terminal. Ctrl-C exits 0.
import { InvalidArgumentError, type Command } from "commander";
import { parseIntOption } from "../options.js";
import { watchOrders, watchPnl } from "../watch/orders.js";
import { parseInstrument, watchQuotes, type QuoteInstrument } from "../watch/quotes.js";
import { runWatch, type WatchOptions } from "../watch/session.js";

const CONNECTION_HELP = `
The gateway: --url, else http://API_HOST:API_PORT. The key: the file named by --key-file, else API_KEY.
Output: a live view on a terminal; one JSON envelope per line (NDJSON) with --json or when piped. Envelopes are
the gateway's (docs/streaming.md) plus the watcher's own: watch.connected, watch.disconnected (topic "watch").
Connection gaps are shown as they happen: connection.lost / connection.restored (the broker), stream.gap (events
older than the retention were missed), watch.disconnected (the gateway itself; it reconnects and resumes by seq).`;

function common(command: Command): Command {
  return command
    .option("--url <url>", "the running gateway's REST API (default: http://API_HOST:API_PORT)")
    .option("--key-file <path>", "file holding a key with the read scope (default: API_KEY)")
    .option("--json", "print NDJSON (also when stdout is not a terminal)");
}

export function registerWatch(program: Command): void {
  const watch = program
    .command("watch")
    .description("live view of a running gateway: quotes, orders or P&L (Ctrl-C to stop)");
  watch.addHelpText(
    "after",
    `\nExamples:\n  $ ibkr-gateway watch quotes AAPL MSFT ES:FUT:202703\n  $ ibkr-gateway watch orders\n  $ ibkr-gateway watch pnl --json | jq .\n${CONNECTION_HELP}`,
  );

  const quotes = common(
    watch
      .command("quotes")
      .description("live quotes of instruments: SYMBOL (a stock) or SYMBOL:SECTYPE[:EXPIRY], e.g. ES:FUT:202703")
      .argument("<instruments...>", "instruments to watch", collectInstrument, [] as QuoteInstrument[]),
  );
  quotes.addHelpText(
    "after",
    `\nExamples:\n  $ ibkr-gateway watch quotes AAPL MSFT\n  $ ibkr-gateway watch quotes ES:FUT:202703 --url http://10.0.0.5:8000\n${CONNECTION_HELP}`,
  );
  quotes.action((instruments: QuoteInstrument[], o: WatchOptions) =>
    runWatch(quotes, "Quotes", o, (session) => watchQuotes(session, instruments)),
  );

  const orders = common(
    watch
      .command("orders")
      .description("order status changes and fills as they happen, with the open orders as a table")
      .option(
        "--after <seq>",
        "first replay the events after this seq",
        parseIntOption("--after", 0, Number.MAX_SAFE_INTEGER),
      ),
  );
  orders.addHelpText(
    "after",
    `\nExamples:\n  $ ibkr-gateway watch orders\n  $ ibkr-gateway watch orders --json --after 120 > events.ndjson\n${CONNECTION_HELP}`,
  );
  orders.action((o: WatchOptions & { after?: number }) =>
    runWatch(orders, "Orders", o, (session) => watchOrders(session, o.after)),
  );

  const pnl = common(
    watch
      .command("pnl")
      .description("account P&L, read again after every fill and every --interval seconds")
      .option("--account <id>", "managed account (default: the first)")
      .option("--interval <sec>", "seconds between reads without fills", parseIntOption("--interval", 1, 3600), 5),
  );
  pnl.addHelpText(
    "after",
    `\nExamples:\n  $ ibkr-gateway watch pnl\n  $ ibkr-gateway watch pnl --account DU1234567 --interval 10 --json\n${CONNECTION_HELP}`,
  );
  pnl.action((o: WatchOptions & { account?: string; interval: number }) =>
    runWatch(pnl, "P&L", o, (session) =>
      watchPnl(session, { intervalSec: o.interval, ...(o.account === undefined ? {} : { account: o.account }) }),
    ),
  );
}

function collectInstrument(text: string, previous: QuoteInstrument[]): QuoteInstrument[] {
  const instrument = parseInstrument(text);
  if (instrument === null) {
    throw new InvalidArgumentError(`'${text}' is not an instrument: use SYMBOL or SYMBOL:SECTYPE[:EXPIRY]`);
  }
  return [...previous, instrument];
}
