import { describe, expect, it } from "vitest";
import { OrderSpec } from "../../domain/index.js";
import { buildOpenOrders } from "./open-orders.js";
import { bracketOcaGroup, buildBracket, buildSingleOrder, orderTypeFromBroker } from "./order-mapping.js";
import { addWarning, publicOrderId, type OrderRecord } from "./order-record.js";
import { toOrderStatus } from "./status-mapping.js";
import { whatIfOrder } from "./what-if.js";

const spec = (fields: Record<string, unknown>) =>
  OrderSpec.parse({ instrument: { symbol: "AAPL", securityType: "STK" }, side: "BUY", quantity: 10, ...fields });

describe("order mapping", () => {
  it("maps each order type with explicit transmit, account and orderRef", () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ orderType: "MKT" }, { orderType: "MKT", tif: "DAY" }],
      [
        { orderType: "LMT", limitPrice: 10 },
        { orderType: "LMT", lmtPrice: 10 },
      ],
      [
        { orderType: "STP", stopPrice: 9 },
        { orderType: "STP", auxPrice: 9 },
      ],
      [
        { orderType: "STP_LMT", stopPrice: 9, limitPrice: 8.5 },
        { orderType: "STP LMT", auxPrice: 9, lmtPrice: 8.5 },
      ],
      [
        { orderType: "TRAIL", trailingPercent: 2, trailStopPrice: 240 },
        { orderType: "TRAIL", trailingPercent: 2, trailStopPrice: 240 },
      ],
      [
        { orderType: "TRAIL", trailingAmount: 5 },
        { orderType: "TRAIL", auxPrice: 5 },
      ],
      [
        { orderType: "TRAIL_LIMIT", trailingAmount: 5, limitPrice: 0.5 },
        { orderType: "TRAIL LIMIT", auxPrice: 5, lmtPriceOffset: 0.5 },
      ],
      [{ orderType: "MOC" }, { orderType: "MOC", tif: "DAY" }],
      [{ orderType: "OPG" }, { orderType: "MKT", tif: "OPG" }],
    ];
    for (const [input, expected] of cases) {
      const order = buildSingleOrder(spec({ ...input, clientOrderId: "k1" }), "DU1");
      expect(order).toMatchObject({
        ...expected,
        action: "BUY",
        totalQuantity: 10,
        transmit: true,
        account: "DU1",
        orderRef: "k1",
        outsideRth: false,
      });
    }
  });

  it("adds OCA fields only with a group, ocaType defaulting to 1", () => {
    expect(buildSingleOrder(spec({ orderType: "MKT" }), "DU1").ocaGroup).toBeUndefined();
    expect(buildSingleOrder(spec({ orderType: "MKT", ocaGroup: "g" }), "DU1")).toMatchObject({
      ocaGroup: "g",
      ocaType: 1,
    });
    expect(buildSingleOrder(spec({ orderType: "MKT", ocaGroup: "g", ocaType: 3 }), "DU1").ocaType).toBe(3);
  });

  it("previews a bracket as its entry alone, transmitted", () => {
    const order = whatIfOrder(
      spec({ orderType: "BRACKET", limitPrice: 100, takeProfitPrice: 110, stopLossPrice: 95 }),
      "DU1",
    );
    expect(order).toMatchObject({ orderType: "LMT", lmtPrice: 100, whatIf: true, transmit: true });
    expect(order.ocaGroup).toBeUndefined();
  });

  it("maps broker types back for open orders", () => {
    expect(orderTypeFromBroker("STP LMT", "DAY")).toBe("STP_LMT");
    expect(orderTypeFromBroker("TRAIL LIMIT", "GTC")).toBe("TRAIL_LIMIT");
    expect(orderTypeFromBroker("MKT", "OPG")).toBe("OPG");
    expect(orderTypeFromBroker("MOC", "DAY")).toBe("MOC");
    expect(orderTypeFromBroker("REL", "DAY")).toBe("REL");
  });
});

describe("bracket construction", () => {
  const now = Date.UTC(2026, 0, 5, 14, 30, 1, 23);
  const bracket = spec({
    orderType: "BRACKET",
    limitPrice: 100,
    takeProfitPrice: 110,
    stopLossPrice: 95,
    clientOrderId: "b1",
  });

  it("links three consecutive ids, transmits only the last leg and names the OCA group", () => {
    const [entry, tp, sl] = buildBracket(bracket, "DU1", 41, now);
    expect(bracketOcaGroup(41, now)).toBe("bracket_41_20260105143001023");
    expect(entry).toMatchObject({
      role: "entry",
      orderId: 41,
      order: { orderType: "LMT", lmtPrice: 100, transmit: false, orderRef: "b1", action: "BUY" },
    });
    expect(entry?.order.ocaGroup).toBeUndefined();
    const group = "bracket_41_20260105143001023";
    expect(tp).toMatchObject({
      orderId: 42,
      order: {
        orderType: "LMT",
        lmtPrice: 110,
        action: "SELL",
        tif: "GTC",
        parentId: 41,
        ocaGroup: group,
        ocaType: 1,
        transmit: false,
      },
    });
    expect(sl).toMatchObject({
      orderId: 43,
      order: {
        orderType: "STP",
        auxPrice: 95,
        action: "SELL",
        tif: "GTC",
        parentId: 41,
        ocaGroup: group,
        transmit: true,
      },
    });
    expect(tp?.order.orderRef).toBeUndefined();
  });

  it("uses a stop-limit leg, a caller's group, and stages everything when either transmit flag is false", () => {
    const legs = buildBracket(
      { ...bracket, stopLossLimitPrice: 94.5, ocaGroup: "mine", bracketTransmit: false },
      "DU1",
      7,
      now,
    );
    expect(legs[2]?.order).toMatchObject({
      orderType: "STP LMT",
      auxPrice: 95,
      lmtPrice: 94.5,
      ocaGroup: "mine",
      transmit: false,
    });
    expect(buildBracket({ ...bracket, transmit: false }, "DU1", 7, now)[2]?.order.transmit).toBe(false);
  });
});

function record(fields: Partial<OrderRecord>): OrderRecord {
  return {
    ibOrderId: 5,
    permId: null,
    clientId: 1,
    orderRef: null,
    accountId: "DU1",
    symbol: "AAPL",
    side: "BUY",
    quantity: 10,
    brokerOrderType: "LMT",
    tif: "DAY",
    limitPrice: 10,
    stopPrice: null,
    parentId: 0,
    brokerStatus: null,
    filled: 0,
    remaining: null,
    avgFillPrice: 0,
    warnings: [],
    lastUpdateMs: Date.UTC(2026, 0, 5),
    cancelRequested: false,
    rejected: false,
    publicId: null,
    executions: [],
    ...fields,
  };
}

describe("status mapping", () => {
  const status = (fields: Partial<OrderRecord>) => toOrderStatus(record(fields)).status;

  it("maps every broker status", () => {
    expect(status({})).toBe("PENDING_SUBMIT");
    expect(status({ brokerStatus: "ApiPending" })).toBe("PENDING_SUBMIT");
    expect(status({ brokerStatus: "PendingCancel", filled: 3, remaining: 7 })).toBe("PENDING_CANCEL");
    expect(status({ brokerStatus: "PreSubmitted" })).toBe("SUBMITTED");
    expect(status({ brokerStatus: "Submitted", filled: 3, remaining: 7 })).toBe("PARTIALLY_FILLED");
    expect(status({ brokerStatus: "Filled", filled: 10, remaining: 0 })).toBe("FILLED");
    expect(status({ brokerStatus: "Cancelled", filled: 3, remaining: 7 })).toBe("CANCELLED");
    expect(status({ brokerStatus: "Inactive" })).toBe("REJECTED");
    expect(status({ brokerStatus: "ValidationError" })).toBe("REJECTED");
    expect(status({ brokerStatus: "Cancelled", rejected: true })).toBe("REJECTED");
  });

  it("calls an IOC/FOK cancel by the broker an expiry, but not one the gateway asked for", () => {
    expect(status({ brokerStatus: "Cancelled", tif: "IOC" })).toBe("EXPIRED");
    expect(status({ brokerStatus: "ApiCancelled", tif: "FOK" })).toBe("EXPIRED");
    expect(status({ brokerStatus: "Cancelled", tif: "IOC", cancelRequested: true })).toBe("CANCELLED");
  });

  it("reports unknown statuses as SUBMITTED with a warning and keeps the last five messages", () => {
    const r = record({ brokerStatus: "Weird" });
    for (let i = 1; i <= 7; i++) addWarning(r, `m${i}`);
    const s = toOrderStatus(r);
    expect(s.status).toBe("SUBMITTED");
    expect(s.warnings).toEqual(["m3", "m4", "m5", "m6", "m7", "Unrecognised broker status: Weird"]);
    expect(s).toMatchObject({ brokerStatus: "Weird", remainingQuantity: 10, lastUpdate: "2026-01-05T00:00:00.000Z" });
  });

  it("hands out permId or ord_<id> and never changes it afterwards", () => {
    const r = record({});
    expect(publicOrderId(r)).toBe("ord_5");
    r.permId = 1_000_001;
    expect(publicOrderId(r)).toBe("ord_5");
    expect(publicOrderId(record({ permId: 77 }))).toBe("77");
  });

  it("lists working orders of managed accounts sorted numerically with ord_ ids last", () => {
    const rows = [
      record({ permId: 20, brokerStatus: "Submitted" }),
      record({ ibOrderId: 3, brokerStatus: "PreSubmitted" }),
      record({ permId: 9, brokerStatus: "Submitted", brokerOrderType: "STP LMT" }),
      record({ permId: 5, brokerStatus: "Filled" }),
      record({ permId: 6, brokerStatus: "Submitted", accountId: "OTHER" }),
    ];
    const open = buildOpenOrders(rows, ["DU1"]);
    expect(open.map((o) => o.orderId)).toEqual(["9", "20", "ord_3"]);
    expect(open[0]?.orderType).toBe("STP_LMT");
  });
});
