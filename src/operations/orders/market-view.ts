// Steps 2–5 of a preview, shared with placement: account, contract, quote, multiplier, estimated price,
// notionals, bracket legs and the order's exposure. No what-if here; the preview asks for one separately.
import { GatewayError, type OrderLeg, type OrderSpec, type Quote, type ResolvedContract } from "../../domain/index.js";
import { orderExposure, type Exposure, type MarketPrices } from "../../safety/index.js";
import type { GatewayServices } from "../services.js";
import { exposureFacts } from "./exposure-facts.js";
import { bracketLegs, contractMultiplier, estimatePrice, notional, quoteRequired } from "./estimates.js";

export interface PricedOrder {
  accountId: string;
  contract: ResolvedContract;
  quote: Quote | null;
  /** Message of a quote failure the order type tolerates. */
  quoteError: string | null;
  multiplier: number;
  estimatedPrice: number | null;
  estimatedNotional: number | null;
  totalNotional: number | null;
  legs: OrderLeg[];
  /** The quote's prices usable as a reference (null when none, or too old). */
  market: MarketPrices | null;
  /** What the order can really cost, valued against `market` in the account's base currency. */
  exposure: Exposure;
}

/** `forPreview` also looks up the base currency and rate when no money limit needs them. */
export async function priceOrder(
  services: GatewayServices,
  spec: OrderSpec,
  signal: AbortSignal | undefined,
  forPreview = false,
): Promise<PricedOrder> {
  const { broker } = services;
  const accountId = broker.account.accountId(spec.accountId);
  const contract = await broker.contracts.resolve(spec.instrument, signal);
  const { quote, quoteError } = await fetchQuote(broker, spec, signal);
  const multiplier = contractMultiplier(contract);
  const estimatedPrice = estimatePrice(spec, quote);
  const estimatedNotional = notional(spec.quantity, estimatedPrice, multiplier);
  const legs = bracketLegs(spec, multiplier);
  const totalNotional = legs[0]?.estimatedNotional ?? estimatedNotional;
  const facts = await exposureFacts(services, { contract, quote, accountId, multiplier, always: forPreview }, signal);
  const exposure = orderExposure(spec, facts);
  return {
    accountId,
    contract,
    quote,
    quoteError,
    multiplier,
    estimatedPrice,
    estimatedNotional,
    totalNotional,
    legs,
    market: facts.market,
    exposure,
  };
}

async function fetchQuote(
  broker: GatewayServices["broker"],
  spec: OrderSpec,
  signal: AbortSignal | undefined,
): Promise<{ quote: Quote | null; quoteError: string | null }> {
  try {
    return { quote: await broker.marketData.quote(spec.instrument, signal ? { signal } : {}), quoteError: null };
  } catch (error) {
    // A tolerated failure becomes a warning; an aborted request (timeout) still ends the request.
    if (quoteRequired(spec) || signal?.aborted) throw error;
    const message = error instanceof GatewayError || error instanceof Error ? error.message : String(error);
    return { quote: null, quoteError: message };
  }
}
