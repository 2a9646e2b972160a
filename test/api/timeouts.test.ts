// Time limits: the whole-request limit (API_REQUEST_TIMEOUT → 504 TIMEOUT) and the broker's own quote limit
// (10 s → 504 IBKR_TIMEOUT), driven by the simulator's delay fault.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  gw?.simulator?.control.addFault({ kind: "clear" });
  await gw?.close();
  gw = undefined;
});

const quote = (g: TestGateway) =>
  g.app.inject({ method: "POST", url: "/market-data/quote", payload: { symbol: "AAPL", securityType: "STK" } });

describe("time limits", () => {
  it("answers 504 TIMEOUT when the whole request exceeds API_REQUEST_TIMEOUT", async () => {
    gw = await startTestGateway({ env: { API_REQUEST_TIMEOUT: "0.5" } });
    gw.simulator?.control.addFault({ kind: "delay-ms", ms: 3000 });
    const t0 = performance.now();
    const res = await quote(gw);
    expect(res.statusCode).toBe(504);
    expect(res.json()).toEqual({ error_code: "TIMEOUT", message: "Request timed out after 0.5s" });
    expect(performance.now() - t0).toBeLessThan(2500);
  });

  it("answers 504 IBKR_TIMEOUT when the broker does not finish a quote within 10 s", async () => {
    gw = await startTestGateway();
    expect((await quote(gw)).statusCode).toBe(200); // the contract is cached: only the snapshot can time out now
    gw.simulator?.control.addFault({ kind: "delay-ms", ms: 15_000 });
    const res = await quote(gw);
    expect(res.statusCode).toBe(504);
    expect(res.json()).toEqual({
      error_code: "IBKR_TIMEOUT",
      message: "Market data timeout: Timeout waiting for AAPL quote after 10s",
    });
  }, 20_000);
});
