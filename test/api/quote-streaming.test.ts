// QUOTE_STREAM_IDLE_SEC over the real app and the embedded simulator: warm quotes come from a held streaming line,
// follow the market, feed previews, and still fail fast while the broker is unreachable (docs/config.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { QUOTE_STREAM_IDLE_SEC: "60", QUOTE_STREAM_MAX_LINES: "10" } });
});
afterAll(() => gw.close());

const AAPL = { symbol: "AAPL", securityType: "STK" };
const post = (url: string, payload: Record<string, unknown>) => gw.app.inject({ method: "POST", url, payload });
const control = () => {
  const sim = gw.simulator;
  if (!sim) throw new Error("the test gateway runs an embedded simulator");
  return sim.control;
};

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("warm quotes from held streaming lines", () => {
  it("keeps a line open after the first quote and answers from it as the market moves", async () => {
    const first = await post("/market-data/quote", AAPL);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ symbol: "AAPL", conId: 265598, bid: 99, ask: 101, last: 100 });
    await eventually(
      async () => control().stats().subscriptions,
      (n) => n >= 1,
    );
    control().setPrices({ symbol: "AAPL", bid: 120, ask: 120.5, last: 120.25 });
    const moved = await eventually(
      async () => (await post("/market-data/quote", AAPL)).json(),
      (q) => q.bid === 120,
    );
    expect(moved).toMatchObject({ symbol: "AAPL", ask: 120.5, last: 120.25, source: "IBKR_SNAPSHOT" });
    expect(Date.parse(moved.timestamp)).toBeLessThanOrEqual(Date.now());
  });

  it("prices previews from the held line", async () => {
    control().setPrices({ symbol: "AAPL", bid: 130, ask: 131, last: 130.5 });
    const preview = await eventually(
      async () =>
        (
          await post("/orders/preview", {
            instrument: AAPL,
            side: "BUY",
            quantity: 10,
            orderType: "MKT",
          })
        ).json(),
      (p) => p.estimatedPrice === 131,
    );
    expect(preview.estimatedNotional).toBe(1310);
  });

  it("answers 503 while the broker reports lost connectivity, and quotes again once it is back", async () => {
    control().addFault({ kind: "connectivity-lost" });
    try {
      await eventually(
        async () => (await post("/market-data/quote", AAPL)).statusCode,
        (status) => status === 503,
      );
    } finally {
      control().addFault({ kind: "connectivity-restored" });
    }
    const back = await eventually(
      async () => post("/market-data/quote", AAPL),
      (res) => res.statusCode === 200,
    );
    expect(back.json()).toMatchObject({ symbol: "AAPL", bid: 130, ask: 131 });
  });
});
