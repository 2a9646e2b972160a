// Historical bars on the real app and simulator: a bar size and duration that do not go together are refused with
// the durations IB allows for that bar size, before the broker is asked; a broker refusal of the caller's request
// (162 "Time length exceed max") is a 400, never a 500.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { post } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const AAPL = { symbol: "AAPL", securityType: "STK" };

describe("POST /market-data/historical", () => {
  it("refuses 1m bars over 1y with 400 VALIDATION_ERROR listing the durations allowed for 1 min bars", async () => {
    gw = await startTestGateway();
    const res = await post(gw, "/market-data/historical", { ...AAPL, barSize: "1m", duration: "1y" });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("VALIDATION_ERROR");
    expect(res.body.message).toBe(
      "Invalid combination: barSize '1 min' allows a duration of at most 1 D, got '1 Y'. Durations allowed with " +
        "'1 min' bars: up to 1 D (IB's steps: 60 S, 120 S, 1800 S, 3600 S, 14400 S, 28800 S, 1 D); use a larger " +
        "barSize for a longer duration",
    );
    expect(res.body.details).toEqual({ field: "duration", value: "1 Y" });
    const fine = await post(gw, "/market-data/historical", { ...AAPL, barSize: "1m", duration: "1d" });
    expect(fine.status).toBe(200);
  });

  it("answers the broker's 'Time length exceed max' with 400, not 500", async () => {
    gw = await startTestGateway();
    // 300 years of daily bars pass the step table and are more than the simulator serves in one answer.
    const res = await post(gw, "/market-data/historical", { ...AAPL, barSize: "1d", duration: "300y" });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("VALIDATION_ERROR");
    expect(res.body.message).toMatch(/^Broker rejected the request: .*Time length exceed max/);
  });

  it("says which endDateTime formats are accepted", async () => {
    gw = await startTestGateway();
    const res = await post(gw, "/market-data/historical", {
      ...AAPL,
      barSize: "1h",
      duration: "1d",
      endDateTime: "2025-06-02 16:00",
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Invalid endDateTime: '2025-06-02 16:00'\. Accepted: ISO-8601 with a zone/);
    expect(res.body.details.field).toBe("endDateTime");
  });
});
