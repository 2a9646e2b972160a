// Unknown tool arguments are refused, never dropped: a misspelt argument is a VALIDATION_ERROR naming it and the
// argument meant, through the SDK's real Client against a real gateway and simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const ORDER = RESTING_ORDER_ARGS;

describe("unknown tool arguments", () => {
  it("preview_order refuses time_in_force and names tif", async () => {
    const r = await session.call("preview_order", { ...ORDER, time_in_force: "GTC" });
    expect(r.isError).toBe(true);
    expect(r.data.code).toBe("VALIDATION_ERROR");
    expect(r.data.message).toBe(
      "Invalid parameter 'time_in_force': unknown parameter `time_in_force`; did you mean `tif`?",
    );
    expect(r.data.details.parameters).toEqual(["time_in_force"]);
  });

  it("get_account_status refuses account and names account_id", async () => {
    const r = await session.call("get_account_status", { account: "DU9999" });
    expect(r.isError).toBe(true);
    expect(r.data.message).toContain("did you mean `account_id`?");
  });

  it("get_quote refuses a camelCase REST name and names the tool's own", async () => {
    const r = await session.call("get_quote", { symbol: "AAPL", security_type: "STK", securityType: "STK" });
    expect(r.isError).toBe(true);
    expect(r.data.message).toContain("unknown parameter `securityType`; did you mean `security_type`?");
  });

  it("advertises that no other arguments are accepted", async () => {
    const { tools } = await session.client.listTools();
    for (const tool of tools) expect(tool.inputSchema).toMatchObject({ additionalProperties: false });
  });
});

describe("get_historical_data names its own arguments", () => {
  it("refuses 1m over 1y naming bar_size, and a bad end_date_time naming end_date_time", async () => {
    const AAPL = { symbol: "AAPL", security_type: "STK" };
    const long = await session.call("get_historical_data", { ...AAPL, bar_size: "1m", duration: "1y" });
    expect(long.isError).toBe(true);
    expect(long.data.code).toBe("VALIDATION_ERROR");
    expect(long.data.message).toMatch(/^Invalid combination: bar_size '1 min' allows a duration of at most 1 D/);
    const end = await session.call("get_historical_data", {
      ...AAPL,
      bar_size: "1h",
      duration: "1d",
      end_date_time: "yesterday",
    });
    expect(end.data.message).toMatch(/^Invalid end_date_time: 'yesterday'\. Accepted: ISO-8601/);
    expect(end.data.details).toEqual({ field: "end_date_time", value: "yesterday" });
  });
});
