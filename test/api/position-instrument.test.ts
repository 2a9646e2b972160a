// A position's `instrument` round-trips on the real app and simulator: every position, futures included
// (MES_20261218-style display symbols), can be quoted and previewed by sending its instrument back unchanged.
import { afterEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { get, post } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

interface PositionBody {
  symbol: string;
  conId: number;
  instrument: Record<string, unknown> & { conId: number; securityType: string };
}

describe("position instruments", () => {
  it("quotes and previews every position from its instrument as is, the future included", async () => {
    gw = await startTestGateway();
    const { body } = await get(gw, "/account/positions");
    const positions = body.positions as PositionBody[];
    const future = positions.find((p) => p.instrument.securityType === "FUT");
    expect(future?.symbol).toMatch(/^MES_\d{8}$/);
    expect(future?.instrument).toMatchObject({ symbol: "MES", securityType: "FUT", currency: "USD" });
    expect(future?.instrument.expiry).toBe(future?.symbol.slice(4));
    for (const position of positions) {
      expect(position.instrument.conId).toBe(position.conId);
      const quote = await post(gw, "/market-data/quote", position.instrument);
      expect(quote.status, position.symbol).toBe(200);
      expect(quote.body.conId).toBe(position.conId);
      const preview = await post(gw, "/orders/preview", {
        instrument: position.instrument,
        side: "SELL",
        quantity: 1,
        orderType: "MKT",
      });
      expect(preview.status, position.symbol).toBe(200);
      expect(preview.body.orderSpec.instrument.conId).toBe(position.conId);
    }
  });

  it("refuses an instrument whose conId names another contract", async () => {
    gw = await startTestGateway();
    const { body } = await get(gw, "/account/positions");
    const aapl = (body.positions as PositionBody[]).find((p) => p.symbol === "AAPL")!;
    const res = await post(gw, "/market-data/quote", { ...aapl.instrument, conId: aapl.conId + 1 });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("CONTRACT_RESOLUTION_ERROR");
    const preview = await post(gw, "/orders/preview", {
      instrument: { ...aapl.instrument, conId: aapl.conId + 1 },
      side: "SELL",
      quantity: 1,
      orderType: "MKT",
    });
    expect(preview.body.error_code).toBe("CONTRACT_RESOLUTION_ERROR");
  });
});
