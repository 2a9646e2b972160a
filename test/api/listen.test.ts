// One real listener: the app bound to 127.0.0.1:0 answers plain HTTP fetches (the transport tests use inject).
import { afterEach, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

it("serves health and a quote over a real socket", async () => {
  gw = await startTestGateway();
  const address = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  const health = await fetch(`${address}/health`);
  expect(health.status).toBe(200);
  expect(health.headers.get("x-correlation-id")).toBeTruthy();
  expect(((await health.json()) as { status: string }).status).toBe("ok");
  const quote = await fetch(`${address}/market-data/quote`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-correlation-id": "listen-1" },
    body: JSON.stringify({ symbol: "AAPL", securityType: "STK" }),
  });
  expect(quote.headers.get("x-correlation-id")).toBe("listen-1");
  expect(await quote.json()).toMatchObject({ symbol: "AAPL", bid: 99, ask: 101, last: 100 });
});
