// The facts the risk policy values an order with: the usable market prices (a delayed or frozen quote older than
// MAX_QUOTE_AGE_SEC is no quote), the contract's multiplier and currency, the account's base currency and the
// exchange rate between them (a quote of the currency pair from the broker). The valuation itself is pure
// (src/safety/exposure.ts).
import type { Quote, ResolvedContract } from "../../domain/index.js";
import type { ExposureFacts, MarketPrices } from "../../safety/index.js";
import type { GatewayServices } from "../services.js";

const positiveOrNull = (v: number): number | null => (Number.isFinite(v) && v > 0 ? v : null);

/**
 * The quote's prices when it can serve as a reference: live, or delayed/frozen with a last trade younger than
 * maxAgeSec (0: only live quotes count).
 */
export function usableMarket(quote: Quote | null, nowMs: number, maxAgeSec: number): MarketPrices | null {
  if (quote === null) return null;
  if (quote.source !== "IBKR_SNAPSHOT") {
    const traded = quote.lastTradeTime === null ? Number.NaN : Date.parse(quote.lastTradeTime);
    if (!Number.isFinite(traded) || nowMs - traded >= maxAgeSec * 1000) return null;
  }
  const market = { bid: positiveOrNull(quote.bid), ask: positiveOrNull(quote.ask), last: positiveOrNull(quote.last) };
  return market.bid === null && market.ask === null && market.last === null ? null : market;
}

const baseCurrencies = new WeakMap<GatewayServices, Map<string, string>>();

/** The account's base currency (from its summary, once per account); null when it cannot be obtained. */
async function baseCurrencyOf(services: GatewayServices, accountId: string): Promise<string | null> {
  let known = baseCurrencies.get(services);
  if (!known) baseCurrencies.set(services, (known = new Map()));
  const cached = known.get(accountId);
  if (cached) return cached;
  try {
    const { currency } = await services.broker.account.summary(accountId);
    if (currency) known.set(accountId, currency.toUpperCase());
    return currency ? currency.toUpperCase() : null;
  } catch (error) {
    services.logger.warning("Account base currency unavailable for the risk check", { error });
    return null;
  }
}

/** Base currency per unit of `from`: the broker's quote of FROM.BASE, or of BASE.FROM inverted; null when none. */
async function exchangeRate(
  services: GatewayServices,
  from: string,
  base: string,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  const pairs: [string, string, boolean][] = [
    [from, base, false],
    [base, from, true],
  ];
  for (const [symbol, currency, invert] of pairs) {
    try {
      const q = await services.broker.marketData.quote(
        { symbol, securityType: "CASH", currency },
        signal ? { signal } : {},
      );
      const mid = q.bid > 0 && q.ask > 0 ? (q.bid + q.ask) / 2 : q.last > 0 ? q.last : null;
      if (mid !== null) return invert ? 1 / mid : mid;
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }
  return null;
}

/**
 * Everything needed to value the order. The base currency and rate are only looked up when a money limit is set or
 * for a preview (`always`); otherwise the contract's currency stands in for the base with a rate of 1.
 */
export async function exposureFacts(
  services: GatewayServices,
  input: { contract: ResolvedContract; quote: Quote | null; accountId: string; multiplier: number; always: boolean },
  signal: AbortSignal | undefined,
): Promise<ExposureFacts> {
  const { limits } = services.config;
  const market = usableMarket(input.quote, services.clock.now(), limits.maxQuoteAgeSec);
  const currency = input.contract.currency.toUpperCase();
  const moneyLimits =
    limits.maxOrderNotional !== null || limits.maxPositionNotional !== null || limits.maxDailyNotional !== null;
  const facts = { market, multiplier: input.multiplier, currency, baseCurrency: currency, rate: 1 as number | null };
  if (!moneyLimits && !input.always) return facts;
  const base = await baseCurrencyOf(services, input.accountId);
  if (base === null) return { ...facts, baseCurrency: "unknown", rate: null };
  if (base === currency) return facts;
  return { ...facts, baseCurrency: base, rate: await exchangeRate(services, currency, base, signal) };
}
