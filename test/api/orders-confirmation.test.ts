// Confirmation tokens on POST /orders: missing, matching, mismatching, expired, reused.
import { afterEach, describe, expect, it } from "vitest";
import { OrderSpec } from "../../src/domain/index.js";
import { canonicalForm } from "../../src/operations/orders/order-identity.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { auditRows, B, post, simOrders } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const ORDER = B({ orderType: "LMT", limitPrice: 50 });
const tokenFor = async (body: Record<string, unknown>) =>
  (await post(gw!, "/orders/preview", body)).body.confirmationToken as string;

describe("REQUIRE_ORDER_CONFIRMATION=true", () => {
  it("requires a token matching the previewed order (AC-32)", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", REQUIRE_ORDER_CONFIRMATION: "true" } });
    const missing = await post(gw, "/orders", ORDER);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error_code: "CONFIRMATION_REQUIRED",
      message: "confirmationToken is required: call POST /orders/preview first and pass its confirmationToken",
    });
    const matching = await post(gw, "/orders", { ...ORDER, confirmationToken: await tokenFor(ORDER) });
    expect(matching.body.status).toBe("ACCEPTED");
    const other = await tokenFor({ ...ORDER, quantity: 2 });
    const mismatch = await post(gw, "/orders", { ...ORDER, confirmationToken: other });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toContain("does not match");
    expect(simOrders(gw)).toHaveLength(1);
    const refusals = auditRows(gw, "ORDER_REJECTED").map((r) => r.eventData.reject_reason);
    expect(refusals).toEqual(["CONFIRMATION", "CONFIRMATION"]);
  });

  it("treats an order that spells out its defaults as the same order, and names the fields of a mismatch", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", REQUIRE_ORDER_CONFIRMATION: "true" } });
    const spelled = {
      ...ORDER,
      accountId: "DU1234567",
      tif: "DAY",
      instrument: { symbol: "AAPL", securityType: "STK", exchange: "SMART", currency: "USD" },
    };
    const placed = await post(gw, "/orders", { ...spelled, confirmationToken: await tokenFor(ORDER) });
    expect(placed.body.status).toBe("ACCEPTED");
    const other = await post(gw, "/orders", {
      ...ORDER,
      side: "SELL",
      limitPrice: 51,
      confirmationToken: await tokenFor(ORDER),
    });
    expect(other.status).toBe(400);
    expect(other.body).toEqual({
      error_code: "CONFIRMATION_REQUIRED",
      message: "confirmationToken does not match this order (differs in: limitPrice, side); preview the order again",
      details: { fields: ["limitPrice", "side"] },
    });
    expect(simOrders(gw)).toHaveLength(1);
  });

  it("binds the token to the order, not to its clientOrderId, and accepts it once", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", REQUIRE_ORDER_CONFIRMATION: "true" } });
    const token = await tokenFor(ORDER);
    const first = await post(gw, "/orders", { ...ORDER, clientOrderId: "k-1", confirmationToken: token });
    expect(first.body.status).toBe("ACCEPTED");
    const again = await post(gw, "/orders", { ...ORDER, clientOrderId: "k-2", confirmationToken: token });
    expect(again.status).toBe(400);
    expect(again.body.message).toBe("confirmationToken has already been used");
  });

  it("refuses expired and malformed tokens", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true", REQUIRE_ORDER_CONFIRMATION: "true" } });
    const canonical = canonicalForm(gw.services, OrderSpec.parse(ORDER));
    // Issued by this process's secret 301 s ago, as if the preview had happened then.
    const old = gw.services.orders.tokens.issue(canonical, Date.now() - 301_000).token;
    const expired = await post(gw, "/orders", { ...ORDER, confirmationToken: old });
    expect(expired.body.message).toBe("confirmationToken has expired; preview the order again");
    const malformed = await post(gw, "/orders", { ...ORDER, confirmationToken: "v1.123.abc" });
    expect(malformed.body.message).toContain("does not match");
    expect(simOrders(gw)).toHaveLength(0);
  });
});

describe("optional tokens", () => {
  it("checks a token that is sent, but does not consume it when nothing is sent", async () => {
    gw = await startTestGateway();
    const token = await tokenFor(ORDER);
    const wrong = await post(gw, "/orders", { ...ORDER, quantity: 3, confirmationToken: token });
    expect(wrong.status).toBe(400);
    const simulated = await post(gw, "/orders", { ...ORDER, confirmationToken: token });
    expect(simulated.body.status).toBe("SIMULATED");
    expect((await post(gw, "/orders", { ...ORDER, confirmationToken: token })).body.status).toBe("SIMULATED");
  });
});
