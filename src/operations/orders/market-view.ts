// Steps 2–5 of a preview (SPEC §4), shared with placement step 11: account, contract, quote, multiplier,
// estimated price, notionals and bracket legs. No what-if here; the preview asks for one separately.
import { GatewayError, type OrderLeg, type OrderSpec, type Quote, type ResolvedContract } from "../../domain/index.js";
import type { GatewayServices } from "../services.js";
import { bracketLegs, contractMultiplier, estimatePrice, notional, quoteRequired } from "./estimates.js";

export interface PricedOrder {
  accountId: string;
  contract: ResolvedContract;
  quote: Quote | null;
  /** Message of a quote failure the order type tolerates (SPEC §4.2 warning 2). */
  quoteError: string | null;
  multiplier: number;
  estimatedPrice: number | null;
  estimatedNotional: number | null;
  totalNotional: number | null;
  legs: OrderLeg[];
}

export async function priceOrder(
  { broker }: GatewayServices,
  spec: OrderSpec,
  signal: AbortSignal | undefined,
): Promise<PricedOrder> {
  const accountId = broker.account.accountId(spec.accountId);
  const contract = await broker.contracts.resolve(spec.instrument, signal);
  const { quote, quoteError } = await fetchQuote(broker, spec, signal);
  const multiplier = contractMultiplier(contract);
  const estimatedPrice = estimatePrice(spec, quote);
  const estimatedNotional = notional(spec.quantity, estimatedPrice, multiplier);
  const legs = bracketLegs(spec, multiplier);
  const totalNotional = legs[0]?.estimatedNotional ?? estimatedNotional;
  return { accountId, contract, quote, quoteError, multiplier, estimatedPrice, estimatedNotional, totalNotional, legs };
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
