// The exchange rate behind exposure in the account's base currency: asked of the broker as a quote of the currency
// pair (the simulator quotes EUR.USD only), and unknown for a currency it has no pair for.
import { afterEach, describe, expect, it } from "vitest";
import { exposureFacts } from "../../../src/operations/orders/exposure-facts.js";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

async function factsFor(currency: string) {
  const services = gw!.services;
  const contract = await services.broker.contracts.resolve({ symbol: "AAPL", securityType: "STK" });
  const quote = await services.broker.marketData.quote({ symbol: "AAPL", securityType: "STK" });
  const accountId = services.broker.account.accountId(null);
  const input = { contract: { ...contract, currency }, quote, accountId, multiplier: 1, always: false };
  return exposureFacts(services, input, undefined);
}

describe("exchange rate from the broker", () => {
  it("converts EUR prices with the EUR.USD quote, and has no rate for a currency without a pair", async () => {
    gw = await startTestGateway({ env: { MAX_ORDER_NOTIONAL: "10000" } });
    gw.simulator!.control.setPrices({ symbol: "EUR.USD", bid: 1.0999, ask: 1.1001, last: 1.1 });
    const eur = await factsFor("EUR");
    expect(eur).toMatchObject({ currency: "EUR", baseCurrency: "USD" });
    expect(eur.rate).toBeCloseTo(1.1, 6);
    const gbp = await factsFor("GBP");
    expect(gbp).toMatchObject({ currency: "GBP", baseCurrency: "USD", rate: null });
    expect(await factsFor("USD")).toMatchObject({ currency: "USD", baseCurrency: "USD", rate: 1 });
  });

  it("does not ask for a rate when no money limit is set", async () => {
    gw = await startTestGateway();
    expect(await factsFor("GBP")).toMatchObject({ currency: "GBP", baseCurrency: "GBP", rate: 1 });
  });
});
