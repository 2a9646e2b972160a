// A candle chart (TradingView lightweight-charts): one-minute bars of the last day from POST
// /market-data/historical, then the live quote's last price extends the newest bar or opens the next one.
import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, type Api } from "../api";
import type { Bar, Quote } from "../models";

const BAR_SECONDS = 60;

interface Candle {
  time: UTCTimestamp;
  open: number;
  high: number;
  low: number;
  close: number;
}

const toCandle = (bar: Bar): Candle => ({
  time: Math.floor(Date.parse(bar.time) / 1000) as UTCTimestamp,
  open: bar.open,
  high: bar.high,
  low: bar.low,
  close: bar.close,
});

export function CandleChart({ api, symbol, quote }: { api: Api; symbol: string; quote: Quote | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<"Candlestick"> | null>(null);
  const last = useRef<Candle | null>(null);
  const [status, setStatus] = useState("loading…");

  useEffect(() => {
    if (box.current === null) return;
    // The library's own attribution logo injects an inline <style>, which the page's CSP refuses: the caption below
    // carries the attribution instead (lightweight-charts' NOTICE asks for a link to TradingView).
    const c = createChart(box.current, {
      autoSize: true,
      layout: { attributionLogo: false },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    chart.current = c;
    series.current = c.addSeries(CandlestickSeries, {});
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    let current = true;
    last.current = null;
    series.current?.setData([]);
    setStatus("loading…");
    api
      .post<{ bars: Bar[] }>("/market-data/historical", {
        symbol,
        securityType: "STK",
        barSize: "1m",
        duration: "1d",
        rthOnly: false,
      })
      .then(
        ({ bars }) => {
          if (!current) return;
          const candles = bars.map(toCandle);
          series.current?.setData(candles);
          last.current = candles.at(-1) ?? null;
          chart.current?.timeScale().fitContent();
          setStatus(`${candles.length} one-minute bars`);
        },
        (err: unknown) => current && setStatus(errorText(err)),
      );
    return () => {
      current = false;
    };
  }, [api, symbol]);

  useEffect(() => {
    if (quote === undefined || series.current === null || !(quote.last > 0)) return;
    const t = (Math.floor(Date.parse(quote.timestamp) / 1000 / BAR_SECONDS) * BAR_SECONDS) as UTCTimestamp;
    const prev = last.current;
    if (prev !== null && t < prev.time) return;
    const price = quote.last;
    const next: Candle =
      prev !== null && prev.time === t
        ? { ...prev, high: Math.max(prev.high, price), low: Math.min(prev.low, price), close: price }
        : { time: t, open: price, high: price, low: price, close: price };
    series.current.update(next);
    last.current = next;
  }, [quote]);

  return (
    <figure class="chart">
      <figcaption>
        {symbol} · <span data-testid="chart-status">{status}</span>
        <a class="attribution" href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">
          Charting by TradingView
        </a>
      </figcaption>
      <div ref={box} class="chart-box" data-testid="chart" role="img" aria-label={`Candle chart of ${symbol}`} />
    </figure>
  );
}
