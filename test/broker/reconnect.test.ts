// Orders across a lost connection: a drop after the order was written answers 503 with
// orderSent, fills made while away are reported after the reconnect, and the registry is rebuilt from the broker.
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectionEvent, FillEvent } from "../../src/broker/index.js";
import { GatewayError, OrderSpec } from "../../src/domain/index.js";
import { startHarness, waitFor, type Harness } from "./support/harness.js";

const order = (fields: Record<string, unknown>) =>
  OrderSpec.parse({ instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", quantity: 5, ...fields });

describe("orders across reconnects", () => {
  let h: Harness;
  afterEach(async () => h?.close());
  const events = () => (listener: (e: ConnectionEvent) => void) => h.broker.connection.onConnectionEvent(listener);

  it("answers 503 with orderSent when the socket drops after the order was written", async () => {
    h = await startHarness();
    const aapl = await h.broker.contracts.resolve({ symbol: "AAPL", securityType: "STK" });
    h.sim.control.addFault({ kind: "delay-ms", ms: 1000 });
    const placing = h.broker.orders.place(order({ orderType: "LMT", limitPrice: 200, clientOrderId: "drop-1" }), aapl);
    h.sim.control.addFault({ kind: "drop-connections" });
    const error = await placing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: "IBKR_CONNECTION_ERROR",
      message:
        "IBKR connection failed: connection lost after the order was sent; its state is unknown - " +
        "check GET /orders/open or retry with the same clientOrderId",
      details: { orderSent: true, ibOrderId: expect.any(Number) },
    });
    h.sim.control.addFault({ kind: "delay-ms", ms: 0 });
    await waitFor(events(), (e) => e.type === "connected");
    const found = await h.broker.orders.findByOrderRef("drop-1");
    const atSim = h.sim.control.state().orders.filter((o) => o.orderRef === "drop-1");
    expect(atSim.length).toBeLessThanOrEqual(1);
    expect(found === null).toBe(atSim.length === 0);
  });

  it("reports fills that happened while disconnected and rebuilds the order's status", async () => {
    h = await startHarness({ backoffMs: () => 200 });
    h.sim.control.setPrices({ symbol: "AAPL", bid: 250, ask: 250.1, last: 250.05 });
    const aapl = await h.broker.contracts.resolve({ symbol: "AAPL", securityType: "STK" });
    const placed = await h.broker.orders.place(order({ orderType: "LMT", limitPrice: 245 }), aapl);
    expect(placed.orderStatus.status).toBe("SUBMITTED");
    await new Promise<void>((resolve) => {
      const off = h.broker.connection.onConnectionEvent((e) => {
        if (e.type !== "lost") return;
        off();
        h.sim.control.setPrices({ symbol: "AAPL", bid: 244.9, ask: 245, last: 244.95 });
        resolve();
      });
      h.sim.control.addFault({ kind: "drop-connections" });
    });
    const fill = await waitFor((l: (f: FillEvent) => void) => h.broker.onFill(l));
    expect(fill).toMatchObject({ quantity: 5, price: 245, side: "BUY" });
    expect(await h.broker.orders.status(placed.orderId)).toMatchObject({ status: "FILLED", filledQuantity: 5 });
    expect(h.broker.connection.status().reconnects).toBe(1);
  });
});
