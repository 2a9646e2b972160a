// MAX_POSITION_NOTIONAL and MAX_DAILY_NOTIONAL through REST against the simulator (AAPL bid 99 / ask 101): refusals
// reach nothing at the simulator, a cancelled order gives its room back, concurrent requests cannot slip past, and
// trading status and previews show the limits.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { listen, toAnswer } from "../../mcp/support.js";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { B, get, post, simOrders, until, type Body } from "./support/orders.js";
import { sqliteOf } from "../../support/sqlite.js";

let gw: TestGateway | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  gw = client = undefined;
});

const place = (body: Record<string, unknown>) => post(gw!, "/orders", body);
const start = async (env: Record<string, string>) => {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", ...env } });
  gw.simulator!.control.setPrices({ symbol: "MSFT", bid: 99, ask: 101, last: 100 });
};
/** MSFT, which the simulated account does not hold (it starts with 100 AAPL). */
const M = (x: Record<string, unknown> = {}) => B({ instrument: { symbol: "MSFT", securityType: "STK" }, ...x });
const rules = (body: Body): string[] => body.riskViolations.map((v: { rule: string }) => v.rule);
const working = () => simOrders(gw!).filter((o) => o.status === "Submitted" || o.status === "PreSubmitted");

describe("MAX_POSITION_NOTIONAL (post-trade position value per instrument, MSFT bid 99 / ask 101)", () => {
  it("refuses an order that grows the position beyond the limit and allows one that reduces it", async () => {
    await start({ MAX_POSITION_NOTIONAL: "1000" });
    const first = await place(M({ quantity: 5 }));
    expect(first.body.status).toBe("ACCEPTED");
    await until(gw!, () => simOrders(gw!).some((o) => o.status === "Filled"), "first fill");
    const refused = await place(M({ quantity: 5 }));
    expect(refused.body.status).toBe("REJECTED");
    expect(rules(refused.body)).toEqual(["MAX_POSITION_NOTIONAL"]);
    expect(refused.body.errors).toEqual(["Position in MSFT after this order $1,010.00 exceeds max $1,000.00"]);
    expect(simOrders(gw!)).toHaveLength(1);
    expect((await place(M({ side: "SELL", quantity: 3 }))).body.status).toBe("ACCEPTED");
    // The 100 AAPL the account holds are far more than 1000: buying more is refused, selling some is not.
    expect(rules((await place(B({ quantity: 1 }))).body)).toEqual(["MAX_POSITION_NOTIONAL"]);
    expect((await place(B({ side: "SELL", quantity: 1 }))).body.status).toBe("ACCEPTED");
  });

  it("lets only as many concurrent orders through as fit", async () => {
    await start({ MAX_POSITION_NOTIONAL: "1010" });
    const results = await Promise.all([1, 2, 3, 4].map(() => place(M({ quantity: 5 }))));
    expect(results.map((r) => r.body.status).sort()).toEqual(["ACCEPTED", "ACCEPTED", "REJECTED", "REJECTED"]);
    expect(simOrders(gw!)).toHaveLength(2);
  });
});

describe("MAX_DAILY_NOTIONAL (today's executed and working exposure)", () => {
  it("counts working orders, and a cancelled order gives its room back", async () => {
    await start({ MAX_DAILY_NOTIONAL: "1000" });
    const placed: { status: number; body: Body }[] = [];
    for (let i = 0; i < 4; i++) placed.push(await place(B({ quantity: 5, orderType: "LMT", limitPrice: 50 })));
    expect(placed.map((r) => r.body.status)).toEqual(["ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED"]);
    const refused = await place(B({ quantity: 5, orderType: "LMT", limitPrice: 50 }));
    expect(rules(refused.body)).toEqual(["MAX_DAILY_NOTIONAL"]);
    expect(refused.body.errors).toEqual([
      "Today's notional with this order $1,250.00 ($1,000.00 already executed or working) exceeds max $1,000.00",
    ]);
    expect(simOrders(gw!)).toHaveLength(4);
    await post(gw!, `/orders/${placed[0]!.body.orderId}/cancel`);
    await until(gw!, () => working().length === 3, "cancel");
    await until(gw!, () => sqliteOf(gw!).getJournalEntry(placed[0]!.body.clientOrderId)?.state === "CANCELLED");
    expect((await place(B({ quantity: 5, orderType: "LMT", limitPrice: 50 }))).body.status).toBe("ACCEPTED");
  });

  it("counts executed orders and lets only as many concurrent orders through as fit", async () => {
    await start({ MAX_DAILY_NOTIONAL: "1000" });
    expect((await place(B({ quantity: 2 }))).body.status).toBe("ACCEPTED"); // 202 executed
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => place(B({ quantity: 2, orderType: "LMT", limitPrice: 100 }))),
    );
    // 202 + 3 × 200 = 802; a fourth would make 1002.
    expect(results.filter((r) => r.body.status === "ACCEPTED")).toHaveLength(3);
    expect(simOrders(gw!)).toHaveLength(4);
  });
});

describe("MAX_DAILY_NOTIONAL and one-cancels-all groups", () => {
  it("counts the orders of one OCA group once, at the worst of them", async () => {
    await start({ MAX_DAILY_NOTIONAL: "1000" });
    const oca = (limitPrice: number) => B({ quantity: 4, orderType: "LMT", limitPrice, ocaGroup: "exit-1" });
    for (const price of [100, 90, 80]) expect((await place(oca(price))).body.status).toBe("ACCEPTED");
    // The group counts 400: one more order of 400 fits, a second one does not.
    expect((await place(B({ quantity: 4, orderType: "LMT", limitPrice: 100 }))).body.status).toBe("ACCEPTED");
    const refused = await place(B({ quantity: 4, orderType: "LMT", limitPrice: 100 }));
    expect(rules(refused.body)).toEqual(["MAX_DAILY_NOTIONAL"]);
    expect(refused.body.riskViolations[0].actual).toBe(1200);
    expect(simOrders(gw!)).toHaveLength(4);
  });
});

describe("showing the limits", () => {
  it("GET /trading-status lists the exposure limits, live defaults are safe", async () => {
    await start({ MAX_DAILY_NOTIONAL: "1000" });
    const { body } = await get(gw!, "/trading-status");
    expect(body.limits).toMatchObject({
      maxPriceDeviationPct: 10,
      maxQuoteAgeSec: 1200,
      maxPositionNotional: null,
      maxDailyNotional: 1000,
    });
  });

  it("the MCP get_trading_status tool lists them too", async () => {
    await start({ MAX_POSITION_NOTIONAL: "3000" });
    client = new Client({ name: "risk-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${await listen(gw!)}/mcp`)));
    const answer = toAnswer((await client.callTool({ name: "get_trading_status", arguments: {} })) as CallToolResult);
    expect(answer.isError).toBe(false);
    expect(answer.data.limits).toMatchObject({
      maxPriceDeviationPct: 10,
      maxQuoteAgeSec: 1200,
      maxPositionNotional: 3000,
      maxDailyNotional: null,
    });
  });

  it("a preview shows the exposure, reference price, currency, rate and the closest limit", async () => {
    await start({ MAX_ORDER_NOTIONAL: "5000", MAX_DAILY_NOTIONAL: "20000" });
    const { body } = await post(
      gw!,
      "/orders/preview",
      B({ side: "SELL", quantity: 10, orderType: "LMT", limitPrice: 98 }),
    );
    expect(body.exposure).toEqual({
      exposure: 990,
      exposureInCurrency: 990,
      referencePrice: 99,
      referenceSource: "bid",
      currency: "USD",
      baseCurrency: "USD",
      exchangeRate: 1,
      multiplier: 1,
      legs: [{ role: "entry", side: "SELL", priceAtRisk: 99, exposure: 990 }],
      closestLimit: { rule: "MAX_ORDER_NOTIONAL", limit: 5000, used: 990, remaining: 4010 },
    });
  });
});
