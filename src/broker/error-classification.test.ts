import { describe, expect, it } from "vitest";
import { classifyAccountError, classifyMarketDataError } from "./error-classification.js";
import { TwsError, isNonFatalCode } from "./tws-error.js";

const classify = (code: number, text: string) => classifyMarketDataError(new TwsError(code, 1_000_000, text));

describe("market-data error classification", () => {
  it("maps each broker code family to its gateway error", () => {
    expect(classify(200, "No security definition has been found for the request")).toMatchObject({
      code: "CONTRACT_RESOLUTION_ERROR",
      status: 400,
      message: "Contract resolution failed: No security definition has been found for the request",
    });
    for (const code of [354, 10089, 10168, 10197]) {
      expect(classify(code, "Requested market data is not subscribed.")).toMatchObject({
        code: "MARKET_DATA_PERMISSION_DENIED",
        status: 403,
        message: `Market data permission denied: [${code}] Requested market data is not subscribed.`,
      });
    }
    expect(classify(162, "Historical Market Data Service error message:HMDS query returned no data: X")).toMatchObject({
      code: "NO_DATA",
      status: 404,
    });
    expect(
      classify(162, "Historical Market Data Service error message:Historical data request pacing violation"),
    ).toMatchObject({ code: "PACING_VIOLATION", status: 429 });
    expect(classify(420, "Invalid real-time query")).toMatchObject({ code: "PACING_VIOLATION" });
    expect(classify(321, "Error validating request")).toMatchObject({
      code: "VALIDATION_ERROR",
      status: 400,
      message: "Broker rejected the request: Error validating request",
    });
    const tooLong = "Historical Market Data Service error message:Time length exceed max.";
    expect(classify(162, tooLong)).toMatchObject({
      code: "VALIDATION_ERROR",
      status: 400,
      message: `Broker rejected the request: ${tooLong}`,
    });
    expect(
      classify(162, "Historical Market Data Service error message:No market data permissions for X"),
    ).toMatchObject({ code: "MARKET_DATA_PERMISSION_DENIED", status: 403 });
    expect(classify(10314, "End Date/Time: The date, time, or time-zone entered is invalid.")).toMatchObject({
      code: "VALIDATION_ERROR",
      status: 400,
    });
    expect(classify(504, "Not connected")).toMatchObject({ code: "IBKR_CONNECTION_ERROR", status: 503 });
    expect(classify(999, "Something else")).toMatchObject({
      code: "INTERNAL_ERROR",
      message: "Market data error: [999] Something else",
    });
  });

  it("treats delayed-data and farm notices as non-fatal", () => {
    for (const code of [10167, 10090, 2104, 2106, 2158, 399]) expect(isNonFatalCode(code)).toBe(true);
    expect(isNonFatalCode(354)).toBe(false);
  });

  it("keeps connection trouble 503 for account requests and calls the rest an account error", () => {
    expect(classifyAccountError(new TwsError(1100, 5, "lost"))).toMatchObject({ code: "IBKR_CONNECTION_ERROR" });
    expect(classifyAccountError(new TwsError(321, 5, "bad"))).toMatchObject({
      code: "ACCOUNT_ERROR",
      message: "Account error: [321] bad",
    });
    const tooMany = "Error processing request.-'bb' : cause - Maximum number of account summary requests exceeded";
    expect(classifyAccountError(new TwsError(322, 5, tooMany))).toMatchObject({
      code: "PACING_VIOLATION",
      status: 429,
    });
  });
});
