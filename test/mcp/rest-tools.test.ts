// Every tool through the stdio server's REST client against a real gateway (embedded simulator, real listen(0)),
// driven by the SDK's real Client: happy paths, gateway error envelopes passed through, argument validation and
// the confirmation flow of place_order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderSpec } from "../../src/domain/index.js";
import { canonicalForm } from "../../src/operations/orders/order-identity.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { listen, restSession, type McpSession, RESTING_ORDER_ARGS } from "./support.js";

let gw: TestGateway;
let session: McpSession;
beforeAll(async () => {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
  session = await restSession(await listen(gw));
});
afterAll(async () => {
  await session.close();
  await gw.close();
});

const AAPL = { symbol: "AAPL", security_type: "STK" };
const RESTING = RESTING_ORDER_ARGS;

describe("read tools", () => {
  it("get_quote returns the Quote as structuredContent and as the same JSON text", async () => {
    const r = await session.call("get_quote", AAPL);
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({ symbol: "AAPL", conId: 265598, bid: 99, ask: 101, last: 100 });
    expect(JSON.parse(r.text)).toEqual(r.data);
  });

  it("get_historical_data sends the defaults and returns bars", async () => {
    const r = await session.call("get_historical_data", { ...AAPL, bar_size: "1h", duration: "5d" });
    expect(r.isError).toBe(false);
    expect(r.data.barCount).toBe(r.data.bars.length);
    expect(r.data.bars[0]).toMatchObject({ symbol: "AAPL", barSize: "1 hour", source: "IBKR_HISTORICAL" });
  });

  it("get_account_status combines summary and positions", async () => {
    const r = await session.call("get_account_status");
    expect(r.data.summary).toMatchObject({ accountId: "DU1234567", currency: "USD" });
    expect(r.data.positionCount).toBe(r.data.positions.length);
    expect(r.data.positions.map((p: { symbol: string }) => p.symbol)).toContain("AAPL");
  });

  it("get_pnl, get_trading_status and resolve_contract", async () => {
    expect((await session.call("get_pnl")).data.timeframe).toBe("CURRENT");
    expect((await session.call("get_pnl", { timeframe: "1d" })).data.timeframe).toBe("1D");
    const status = await session.call("get_trading_status");
    expect(status.data).toMatchObject({ tradingMode: "paper", ordersEnabled: true, killSwitch: { active: false } });
    const mes = await session.call("resolve_contract", { symbol: "MES", security_type: "FUT" });
    expect(mes.data).toMatchObject({ exchange: "CME", multiplier: "5", securityType: "FUT" });
  });
});

describe("errors", () => {
  it("passes the gateway's envelope through: code, message and details", async () => {
    const missing = await session.call("get_account_status", { account_id: "U0000000" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toBe("[ACCOUNT_NOT_FOUND] Account not found: U0000000");
    expect(missing.data).toEqual({ code: "ACCOUNT_NOT_FOUND", message: "Account not found: U0000000", details: {} });
    const bad = await session.call("get_historical_data", { ...AAPL, bar_size: "2d", duration: "1mo" });
    expect(bad.data.code).toBe("VALIDATION_ERROR");
    expect(bad.text).toMatch(/^\[VALIDATION_ERROR\] Invalid bar_size: '2d'.* - \{"field":"bar_size","value":"2d"\}$/);
    const unknown = await session.call("get_order_status", { order_id: "999999999" });
    expect(unknown.text).toBe("[ORDER_NOT_FOUND] Order not found: Order 999999999 not found");
  });

  it("rejects invalid arguments with VALIDATION_ERROR naming the parameter", async () => {
    const noSymbol = await session.call("get_quote", { security_type: "STK" });
    expect(noSymbol.isError).toBe(true);
    expect(noSymbol.text).toMatch(/^\[VALIDATION_ERROR\] Parameter 'symbol' is required/);
    const badType = await session.call("get_quote", { symbol: "AAPL", security_type: "SHARES" });
    expect(badType.text).toContain("'security_type'");
    const badQty = await session.call("preview_order", { ...RESTING, quantity: -5 });
    expect(badQty.text).toMatch(/^\[VALIDATION_ERROR\] Invalid parameter 'quantity'/);
    expect(badQty.data.details).toEqual({ parameters: ["quantity"] });
  });

  it("treats null and empty strings as omitted parameters", async () => {
    const r = await session.call("get_quote", { ...AAPL, exchange: null, strike: null, currency: "" });
    expect(r.isError).toBe(false);
    const empty = await session.call("get_quote", { symbol: "", security_type: "STK" });
    expect(empty.text).toMatch(/^\[VALIDATION_ERROR\] Parameter 'symbol' is required/);
  });
});

describe("order tools", () => {
  it("previews, places with the token, reads status and open orders, and cancels", async () => {
    const preview = await session.call("preview_order", RESTING);
    expect(preview.isError).toBe(false);
    expect(preview.data.confirmation_token).toMatch(/^v1\./);
    expect(preview.data.confirmation_token).toBe(preview.data.confirmationToken);
    expect(preview.data.estimatedPrice).toBe(50);
    const placed = await session.call("place_order", {
      ...RESTING,
      client_order_id: "mcp-rest-1",
      confirmation_token: preview.data.confirmation_token,
    });
    expect(placed.data).toMatchObject({ status: "ACCEPTED", clientOrderId: "mcp-rest-1" });
    const orderId = placed.data.orderId as string;
    const status = await session.call("get_order_status", { order_id: orderId });
    expect(status.data).toMatchObject({ orderId, status: "SUBMITTED", clientOrderId: "mcp-rest-1" });
    const open = await session.call("list_open_orders");
    expect(open.data.count).toBe(open.data.orders.length);
    expect(open.data.orders.map((o: { orderId: string }) => o.orderId)).toContain(orderId);
    const cancelled = await session.call("cancel_order", { order_id: orderId });
    expect(cancelled.data).toMatchObject({ orderId, status: "CANCELLED" });
  });

  it("refuses place_order without a token before any gateway call", async () => {
    const before = session.logs.filter((l) => l.includes("Gateway REST call")).length;
    const ordersBefore = gw.simulator?.control.state().orders.length;
    for (const token of [undefined, "", "   ", null]) {
      const r = await session.call("place_order", { ...RESTING, confirmation_token: token });
      expect(r.isError).toBe(true);
      expect(r.text).toBe(
        "[CONFIRMATION_REQUIRED] confirmation_token is required: call preview_order with the same parameters first",
      );
    }
    expect(session.logs.filter((l) => l.includes("Gateway REST call")).length).toBe(before);
    expect(gw.simulator?.control.state().orders.length).toBe(ordersBefore);
  });

  it("passes the gateway's verdict on wrong, foreign, expired and used tokens", async () => {
    const wrong = await session.call("place_order", { ...RESTING, confirmation_token: "v1.123.abc" });
    expect(wrong.text).toBe(
      "[CONFIRMATION_REQUIRED] confirmationToken does not match this order; preview the order again",
    );
    const other = (await session.call("preview_order", { ...RESTING, quantity: 2 })).data.confirmation_token;
    const foreign = await session.call("place_order", { ...RESTING, confirmation_token: other });
    expect(foreign.text).toContain("does not match this order (differs in: quantity)");
    const body = { instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", quantity: 1 };
    const canonical = canonicalForm(gw.services, OrderSpec.parse({ ...body, orderType: "LMT", limitPrice: 50 }));
    const old = gw.services.orders.tokens.issue(canonical, Date.now() - 301_000).token;
    const expired = await session.call("place_order", { ...RESTING, confirmation_token: old });
    expect(expired.text).toBe("[CONFIRMATION_REQUIRED] confirmationToken has expired; preview the order again");
    const token = (await session.call("preview_order", RESTING)).data.confirmation_token;
    expect((await session.call("place_order", { ...RESTING, confirmation_token: token })).data.status).toBe("ACCEPTED");
    const reused = await session.call("place_order", { ...RESTING, confirmation_token: token });
    expect(reused.text).toBe("[CONFIRMATION_REQUIRED] confirmationToken has already been used");
  });
});
