// Watchlist: live quotes per symbol (stream topic "quotes"; polled from POST /market-data/quote when the gateway
// does not serve that topic) and a candle chart of the selected symbol.
import { useEffect, useState } from "preact/hooks";
import { errorText, type Api } from "../api";
import { fmtClock, fmtMoney, fmtQty } from "../format";
import type { Live } from "../live";
import type { Quote, SymbolSpec } from "../models";
import { instrumentKey } from "../stream";
import { CandleChart } from "./chart";

const LIST_KEY = "ibkr-gateway.watchlist";
const POLL_MS = 2000;

/** The watchlist holds stock symbols (the gateway's SymbolSpec with securityType STK). */
const stock = (symbol: string): SymbolSpec => ({ symbol, securityType: "STK" });

function loadList(): string[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(LIST_KEY) ?? "null") as unknown;
    if (Array.isArray(list) && list.every((s) => typeof s === "string")) return list;
  } catch {
    // a damaged entry: start again from the default list
  }
  return ["AAPL", "MSFT"];
}

export function WatchlistView({ api, live }: { api: Api; live: Live }) {
  const [symbols, setSymbols] = useState<string[]>(loadList);
  const [selected, setSelected] = useState<string>(() => symbols[0] ?? "AAPL");
  const [input, setInput] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => sessionStorage.setItem(LIST_KEY, JSON.stringify(symbols)), [symbols]);
  useEffect(() => {
    const specs: SymbolSpec[] = symbols.map(stock);
    for (const spec of specs) live.watch(spec);
    return () => specs.forEach((spec) => live.unwatch(spec));
  }, [symbols.join(","), live.state]);
  useEffect(() => {
    if (live.quoteSource !== "poll") return;
    const poll = () =>
      symbols.forEach((symbol) =>
        api.post<Quote>("/market-data/quote", stock(symbol)).then(
          (quote) => {
            live.setQuote(instrumentKey(stock(symbol)), quote);
            setError(null);
          },
          (err: unknown) => setError(`${symbol}: ${errorText(err)}`),
        ),
      );
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [live.quoteSource, symbols.join(",")]);

  const add = (e: Event) => {
    e.preventDefault();
    const symbol = input.trim().toUpperCase();
    if (!/^[A-Z0-9.]{1,12}$/.test(symbol)) return setError("A symbol is 1 to 12 letters, digits or dots");
    if (!symbols.includes(symbol)) setSymbols([...symbols, symbol]);
    setInput("");
    setError(null);
  };

  return (
    <section aria-labelledby="view-title" class="watchlist">
      <div class="quotes">
        <form onSubmit={add} class="inline">
          <label for="add-symbol">Symbol</label>
          <input id="add-symbol" value={input} onInput={(e) => setInput(e.currentTarget.value)} size={8} />
          <button type="submit">Add</button>
        </form>
        {error !== null && <p class="error">{error}</p>}
        <p class="hint">Quotes: {live.quoteSource === "stream" ? "live stream" : `polled every ${POLL_MS / 1000} s`}</p>
        <table data-testid="watchlist">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" class="num">
                Bid
              </th>
              <th scope="col" class="num">
                Ask
              </th>
              <th scope="col" class="num">
                Last
              </th>
              <th scope="col" class="num">
                Volume
              </th>
              <th scope="col">Updated (UTC)</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {symbols.map((symbol) => {
              const q = live.quotes[instrumentKey(stock(symbol))];
              return (
                <tr key={symbol} data-symbol={symbol} class={symbol === selected ? "selected" : ""}>
                  <th scope="row">{symbol}</th>
                  <td class="num">{fmtMoney(q?.bid)}</td>
                  <td class="num">{fmtMoney(q?.ask)}</td>
                  <td class="num" data-testid={`last-${symbol}`}>
                    {fmtMoney(q?.last)}
                  </td>
                  <td class="num">{fmtQty(q?.volume)}</td>
                  <td data-testid={`updated-${symbol}`}>{q ? fmtClock(q.timestamp) : "–"}</td>
                  <td>
                    <button type="button" aria-pressed={symbol === selected} onClick={() => setSelected(symbol)}>
                      Chart
                    </button>{" "}
                    <button
                      type="button"
                      aria-label={`Remove ${symbol}`}
                      onClick={() => setSymbols(symbols.filter((s) => s !== symbol))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <CandleChart api={api} symbol={selected} quote={live.quotes[instrumentKey(stock(selected))]} />
    </section>
  );
}
