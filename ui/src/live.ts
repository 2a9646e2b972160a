// useLive: the dashboard's one stream. It keeps what the views need from the events (connection gaps, fills, quotes)
// and counters that tell views to reload (an order, kill-switch or approval event happened).
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Api } from "./api";
import type { Envelope, Fill, Quote, SymbolSpec } from "./models";
import { instrumentKey, LiveStream, type StreamState } from "./stream";

export interface ConnectionEvent {
  type: "connection.lost" | "connection.restored";
  time: string;
  data: { reason?: string; dataLost?: boolean; via?: string };
}

export interface Live {
  state: StreamState;
  connectionEvents: ConnectionEvent[];
  fills: Fill[];
  /** Bumped on every order, fill, position, kill-switch and approval event. */
  orderTick: number;
  /** Bumped on every kill-switch and connection event. */
  tradingTick: number;
  quotes: Record<string, Quote>;
  /** "stream" while the gateway serves the quotes topic; "poll" when it refused the subscription. */
  quoteSource: "stream" | "poll";
  watch(spec: SymbolSpec): void;
  unwatch(spec: SymbolSpec): void;
  setQuote(key: string, quote: Quote): void;
}

const MAX_FILLS = 500;

export function useLive(api: Api, enabled: boolean): Live {
  const [state, setState] = useState<StreamState>("stopped");
  const [connectionEvents, setConnectionEvents] = useState<ConnectionEvent[]>([]);
  const [fills, setFills] = useState<Fill[]>([]);
  const [orderTick, setOrderTick] = useState(0);
  const [tradingTick, setTradingTick] = useState(0);
  const [quotes, setQuotes] = useState<Record<string, Quote>>({});
  const [quoteSource, setQuoteSource] = useState<"stream" | "poll">("stream");

  const stream = useMemo(
    () =>
      new LiveStream(api, {
        onState: setState,
        onQuotesUnavailable: () => setQuoteSource("poll"),
        onEvent: (event: Envelope) => {
          if (event.type === "connection.lost" || event.type === "connection.restored") {
            const gap = { type: event.type, time: event.time, data: event.data } as ConnectionEvent;
            setConnectionEvents((list) => [...list, gap]);
            setTradingTick((n) => n + 1);
          } else if (event.type === "order.fill") {
            setFills((list) => [event.data as unknown as Fill, ...list].slice(0, MAX_FILLS));
            setOrderTick((n) => n + 1);
          } else if (event.topic === "orders" || event.type === "position.update") {
            setOrderTick((n) => n + 1);
          } else if (event.type === "kill-switch.changed") {
            setTradingTick((n) => n + 1);
            setOrderTick((n) => n + 1);
          } else if (event.type === "quote.update") {
            const data = event.data as { key?: string; instrument?: SymbolSpec; quote?: Quote };
            if (data.instrument !== undefined && data.quote !== undefined) {
              const quote = data.quote;
              setQuotes((all) => ({ ...all, [instrumentKey(data.instrument!)]: quote }));
            }
          }
        },
      }),
    [api],
  );

  useEffect(() => {
    if (!enabled) return;
    stream.start();
    return () => stream.stop();
  }, [stream, enabled]);

  return {
    state,
    connectionEvents,
    fills,
    orderTick,
    tradingTick,
    quotes,
    quoteSource,
    watch: (spec) => stream.subscribeQuote(spec),
    unwatch: (spec) => stream.unsubscribeQuote(spec),
    setQuote: (key, quote) => setQuotes((all) => ({ ...all, [key]: quote })),
  };
}
