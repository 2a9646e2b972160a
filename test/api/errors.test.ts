// One error envelope for every failure a client can cause: malformed JSON, wrong content type, oversized bodies,
// schema failures with every issue listed, field rules as 400s — never a 500 for a user's mistake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: "POST",
    url,
    payload: payload as string,
    headers: { "content-type": "application/json", ...headers },
  });

describe("transport errors", () => {
  it("answers malformed JSON with 400 BAD_REQUEST", async () => {
    const res = await post("/market-data/quote", "{bad json");
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe("BAD_REQUEST");
    expect(res.json().message).toMatch(/^Malformed JSON body: /);
  });

  it("answers a non-JSON content type with 415", async () => {
    const res = await post("/market-data/quote", "symbol=AAPL", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ error_code: "BAD_REQUEST", message: "Content-Type must be application/json" });
  });

  it("answers bodies over 1 MiB with 413", async () => {
    const res = await post("/market-data/quote", JSON.stringify({ symbol: "A".repeat(1_100_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error_code: "PAYLOAD_TOO_LARGE", message: "Request body too large" });
  });

  it("answers unknown routes with 404 NOT_FOUND and every error carries the correlation header", async () => {
    const res = await gw.app.inject({ url: "/nope?x=1" });
    expect(res.json()).toEqual({ error_code: "NOT_FOUND", message: "Route not found: GET /nope" });
    expect(res.headers["x-correlation-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("schema errors (AC-07)", () => {
  it("lists every issue with its location and dotted field", async () => {
    const res = await post("/market-data/quote", { symbol: "AAPL", securityType: "INVALID", strike: -1 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error_code: "VALIDATION_ERROR",
      message: "Request validation failed: 2 issue(s)",
      details: {
        issues: [
          { location: "body", field: "securityType", message: expect.any(String) },
          { location: "body", field: "strike", message: expect.any(String) },
        ],
      },
    });
  });

  it("names nested fields and query parameters", async () => {
    const hist = await post("/market-data/historical", {
      symbol: "AAPL",
      securityType: "STK",
      barSize: "1h",
      duration: "1d",
      rthOnly: "yes",
    });
    expect(hist.json().details.issues).toEqual([{ location: "body", field: "rthOnly", message: expect.any(String) }]);
    const resolve = await post("/contracts/resolve", { symbol: "AAPL", securityType: "OPT", right: "X" });
    expect(resolve.json().details.issues[0]).toMatchObject({ location: "body", field: "right" });
    const query = await gw.app.inject({ url: "/account/summary?account_id=" });
    expect(query.statusCode).toBe(422);
    expect(query.json().details.issues[0]).toMatchObject({ location: "query", field: "account_id" });
  });

  it("answers field rules with 400 VALIDATION_ERROR naming the field (AC-35)", async () => {
    const base = { symbol: "AAPL", securityType: "STK" };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ barSize: "2d", duration: "1mo" }, "Invalid barSize: '2d'", "barSize"],
      [{ barSize: "1h", duration: "invalid" }, "Invalid duration: 'invalid'", "duration"],
      [{ barSize: "1h", duration: "1d", whatToShow: "INVALID" }, "Invalid whatToShow: 'INVALID'", "whatToShow"],
      [{ barSize: "1M", duration: "1d" }, "Ambiguous", "barSize"],
      [{ barSize: "1d", duration: "60s" }, "shorter than one '1 day' bar", "duration"],
      [{ barSize: "1h", duration: "1d", endDateTime: "tomorrow" }, "Invalid endDateTime: 'tomorrow'", "endDateTime"],
    ];
    for (const [extra, text, field] of cases) {
      const res = await post("/market-data/historical", { ...base, ...extra });
      expect(res.statusCode, text).toBe(400);
      expect(res.json().error_code).toBe("VALIDATION_ERROR");
      expect(res.json().message).toContain(text);
      expect(res.json().details.field).toBe(field);
    }
    const pnl = await gw.app.inject({ url: "/account/pnl?timeframe=MTD" });
    expect(pnl.statusCode).toBe(400);
    expect(pnl.json().message).toContain("not supported");
  });
});
