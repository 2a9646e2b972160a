// Unknown fields are refused, never dropped: a misspelt field in a body or a query is a 422 VALIDATION_ERROR naming
// the field and, when one is close, the field that was meant — on the real app with the simulator behind it.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { B, get, post, simOrders } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe("unknown fields in request bodies", () => {
  it("refuses time_in_force on POST /orders instead of placing a DAY order", async () => {
    gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
    const res = await post(gw, "/orders", B({ orderType: "LMT", limitPrice: 50, time_in_force: "GTC" }));
    expect(res.status).toBe(422);
    expect(res.body.error_code).toBe("VALIDATION_ERROR");
    expect(res.body.details.issues).toEqual([
      { location: "body", field: "time_in_force", message: "unknown field `time_in_force`; did you mean `tif`?" },
    ]);
    expect(simOrders(gw)).toHaveLength(0);
  });

  it("refuses account on preview instead of using the default account", async () => {
    gw = await startTestGateway();
    const res = await post(gw, "/orders/preview", B({ account: "DU9999" }));
    expect(res.status).toBe(422);
    expect(res.body.details.issues).toEqual([
      { location: "body", field: "account", message: "unknown field `account`; did you mean `accountId`?" },
    ]);
  });

  it("names nested unknown fields in full and every unknown field once", async () => {
    gw = await startTestGateway();
    const res = await post(gw, "/orders/preview", {
      ...B(),
      instrument: { symbol: "AAPL", securityType: "STK", sec_type: "STK" },
      limit_price: 1,
    });
    expect(res.status).toBe(422);
    const fields = res.body.details.issues.map((i: { field: string; message: string }) => [i.field, i.message]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ["instrument.sec_type", "unknown field `sec_type`; did you mean `securityType`?"],
        ["limit_price", "unknown field `limit_price`; did you mean `limitPrice`?"],
      ]),
    );
  });

  it("refuses unknown fields on quote, historical and the kill switch", async () => {
    gw = await startTestGateway();
    const quote = await post(gw, "/market-data/quote", { symbol: "AAPL", securityType: "STK", exchnage: "SMART" });
    expect(quote.status).toBe(422);
    expect(quote.body.details.issues[0]).toMatchObject({
      field: "exchnage",
      message: expect.stringContaining("`exchange`"),
    });
    const bars = await post(gw, "/market-data/historical", {
      symbol: "AAPL",
      securityType: "STK",
      barSize: "1h",
      duration: "1d",
      bar_size: "1h",
    });
    expect(bars.status).toBe(422);
    expect(bars.body.details.issues[0]).toMatchObject({
      field: "bar_size",
      message: expect.stringContaining("`barSize`"),
    });
    const kill = await post(gw, "/admin/kill-switch", { active: true, reasn: "x" });
    expect(kill.status).toBe(422);
    expect(kill.body.details.issues[0]).toMatchObject({ field: "reasn", message: expect.stringContaining("`reason`") });
    expect(gw.services.killSwitch.current().active).toBe(false);
  });
});

describe("unknown query parameters", () => {
  it("refuses ?account= on positions instead of answering for the default account", async () => {
    gw = await startTestGateway();
    const res = await get(gw, "/account/positions?account=DU9999");
    expect(res.status).toBe(422);
    expect(res.body.details.issues).toEqual([
      { location: "query", field: "account", message: "unknown field `account`; did you mean `account_id`?" },
    ]);
    expect((await get(gw, "/account/pnl?account_id=DU1234567&timeframe=CURRENT")).status).toBe(200);
  });
});
