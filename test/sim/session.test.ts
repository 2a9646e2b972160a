// Conformance: connect, ids, time, accounts, contract lookups and unsupported requests, through @stoqey/ib's IBApi
// against startSimulator at server versions 178 and 193.

import { describe, expect, it } from "vitest";
import { EventName, OptionType, SecType, type ContractDetails } from "@stoqey/ib";
import { AAPL, ACCOUNT, ES, EURUSD, SPX, VERSIONS, useSimulator } from "./support/harness.js";

describe.each(VERSIONS)("session and contracts at server version %i", (version) => {
  const harness = useSimulator();

  it("becomes ready with accounts, next id 1 and the three farm notices", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim, 7);
    expect(client.serverVersion).toBe(version);
    expect(client.all(EventName.managedAccounts)).toEqual([[ACCOUNT]]);
    expect(client.all(EventName.nextValidId)).toEqual([[1]]);
    expect(client.all(EventName.info).map(([, code]) => code)).toEqual([2104, 2106, 2158]);
    expect(client.errors).toEqual([]);
  });

  it("answers current time, ids and managed accounts on request", async () => {
    const clock = { now: () => Date.UTC(2025, 0, 2, 14, 30) };
    const sim = await harness.start({ maxServerVersion: version, clock, account: "DU7654321" });
    const client = await harness.connect(sim);
    const since = client.mark();
    client.api.reqCurrentTime();
    client.api.reqIds();
    client.api.reqManagedAccts();
    expect(await client.waitFor(EventName.currentTime)).toEqual([Date.UTC(2025, 0, 2, 14, 30) / 1000]);
    expect(await client.waitFor(EventName.nextValidId, () => true, since)).toEqual([1]);
    expect(await client.waitFor(EventName.managedAccounts, () => true, since)).toEqual(["DU7654321"]);
  });

  it("returns stock details with the reference conId, and error 200 without an end for unknown contracts", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqContractDetails(11, AAPL);
    client.api.reqContractDetails(12, { symbol: "NOPE1", secType: SecType.STK, exchange: "SMART", currency: "USD" });
    await client.waitFor(EventName.contractDetailsEnd, (id: number) => id === 11);
    const [[, details]] = client.all(EventName.contractDetails, (id: number) => id === 11) as [
      [number, ContractDetails],
    ];
    expect(details.contract).toMatchObject({ conId: 265598, symbol: "AAPL", secType: "STK", primaryExch: "NASDAQ" });
    expect(details).toMatchObject({ minTick: 0.01, longName: "APPLE INC", timeZoneId: "US/Eastern" });
    const [, , message] = await client.waitForError(200, 12);
    expect(message).toContain("No security definition");
    expect(client.all(EventName.contractDetailsEnd, (id: number) => id === 12)).toEqual([]);
  });

  it("lists the four quarterly futures, the FX pair and the index", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqContractDetails(21, ES);
    client.api.reqContractDetails(22, EURUSD);
    client.api.reqContractDetails(23, SPX);
    for (const id of [21, 22, 23]) await client.waitFor(EventName.contractDetailsEnd, (r: number) => r === id);
    const of = (reqId: number) =>
      client
        .all(EventName.contractDetails, (id: number) => id === reqId)
        .map(([, d]) => (d as ContractDetails).contract);
    const futures = of(21);
    expect(futures).toHaveLength(4);
    expect(futures.every((c) => c.multiplier === 50 && /^\d{8}$/.test(c.lastTradeDateOrContractMonth ?? ""))).toBe(
      true,
    );
    expect(of(22)).toMatchObject([{ localSymbol: "EUR.USD", secType: "CASH", exchange: "IDEALPRO" }]);
    expect(of(23)).toMatchObject([{ symbol: "SPX", secType: "IND", exchange: "CBOE" }]);
  });

  it("gives the option chain and the details of one option", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqSecDefOptParams(31, "AAPL", "", SecType.STK, 265598);
    await client.waitFor(EventName.securityDefinitionOptionParameterEnd, (id: number) => id === 31);
    const chains = client.all(EventName.securityDefinitionOptionParameter);
    expect(chains).toHaveLength(1);
    const [, exchange, underConId, , multiplier, expirations, strikes] = chains[0] ?? [];
    expect([exchange, underConId, multiplier]).toEqual(["SMART", 265598, 100]);
    expect(expirations).toHaveLength(3);
    expect(strikes).toEqual(Array.from({ length: 21 }, (_, i) => 200 + 5 * i));
    const expiry = (expirations as string[])[0];
    const option = {
      ...AAPL,
      secType: SecType.OPT,
      lastTradeDateOrContractMonth: expiry,
      strike: 250,
      right: OptionType.Call,
    };
    client.api.reqContractDetails(32, option);
    await client.waitFor(EventName.contractDetailsEnd, (id: number) => id === 32);
    const found = client
      .all(EventName.contractDetails, (id: number) => id === 32)
      .map(([, d]) => (d as ContractDetails).contract);
    expect(found).toMatchObject([
      { secType: "OPT", strike: 250, right: "C", multiplier: 100, lastTradeDateOrContractMonth: expiry },
    ]);
  });

  it("answers the requests ib_async sends at connect", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqCompletedOrders(false);
    client.api.reqAccountUpdatesMulti(41, ACCOUNT, "", false);
    client.api.reqPositionsMulti(42, ACCOUNT, "");
    await client.waitFor(EventName.completedOrdersEnd);
    // `@stoqey/ib` delivers this one request id as a string.
    await client.waitFor(EventName.accountUpdateMultiEnd, (id: string) => Number(id) === 41);
    await client.waitFor(EventName.positionMultiEnd, (id: number) => id === 42);
    expect(
      client.all(
        EventName.accountUpdateMulti,
        (id: number, _a: string, _m: string, key: string) => id === 41 && key === "NetLiquidation",
      ),
    ).toHaveLength(1);
    expect(
      client
        .all(EventName.positionMulti)
        .map(([, , , c]) => (c as { symbol: string }).symbol)
        .sort(),
    ).toEqual(["AAPL", "MES"]);
  });

  it("answers an unsupported request with error 321 on its request id", async () => {
    const sim = await harness.start({ maxServerVersion: version });
    const client = await harness.connect(sim);
    client.api.reqMatchingSymbols(51, "AAP");
    client.api.reqHeadTimestamp(52, AAPL, "TRADES", true, 1);
    const [, , text] = await client.waitForError(321, 51);
    expect(text).toBe("Error validating request.-Unsupported request in simulator");
    await client.waitForError(321, 52);
  });
});
