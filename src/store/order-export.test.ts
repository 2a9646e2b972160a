import { describe, expect, it } from "vitest";
import { ORDER_CSV_COLUMNS, ordersToCsv, ordersToJson } from "./order-export.js";
import type { OrderRecord } from "./order-types.js";

const base: OrderRecord = {
  orderId: "1001",
  correlationId: "corr-1",
  accountId: "DU1234567",
  symbol: "AAPL",
  side: "BUY",
  quantity: 10,
  orderType: "LMT",
  status: "FILLED",
  placedAt: "2025-06-02T14:30:01.000Z",
  updatedAt: "2025-06-02T14:30:05.000Z",
  ibkrOrderId: 7,
  previewData: { estimatedPrice: 190.5, estimatedNotional: 1905 },
  fillData: { fills: [], filled_quantity: 10, avg_fill_price: 190.45 },
  configSnapshot: { trading_mode: "paper", orders_enabled: true, mode: "simulation" },
  marketSnapshot: { bid: 190.4 },
  clientOrderId: "key-1",
  permId: 555,
  apiClientId: 1,
  parentOrderId: null,
  role: null,
  brokerStatus: "Filled",
};

describe("CSV export", () => {
  it("writes exactly the 17 columns of the contract, in order", () => {
    const header =
      "order_id,correlation_id,account_id,symbol,side,quantity,order_type,status,placed_at,updated_at," +
      "ibkr_order_id,estimated_price,estimated_notional,fill_price,fill_quantity,trading_mode,orders_enabled";
    expect(ORDER_CSV_COLUMNS).toHaveLength(17);
    expect(ordersToCsv([]).split("\n")[0]).toBe(header);
  });

  it("derives prices, fills and mode from the JSON columns; nulls are empty cells", () => {
    const unfilled = { ...base, orderId: "1002", correlationId: null, fillData: null, previewData: null };
    expect(ordersToCsv([base, unfilled]).split("\n").slice(1)).toEqual([
      "1001,corr-1,DU1234567,AAPL,BUY,10,LMT,FILLED,2025-06-02T14:30:01.000Z,2025-06-02T14:30:05.000Z," +
        "7,190.5,1905,190.45,10,paper,true",
      "1002,,DU1234567,AAPL,BUY,10,LMT,FILLED,2025-06-02T14:30:01.000Z,2025-06-02T14:30:05.000Z,7,,,,,paper,true",
      "",
    ]);
  });

  it("quotes cells holding commas, quotes or line breaks", () => {
    const odd = { ...base, orderId: 'a,"b"', correlationId: "line\nbreak", symbol: "plain" };
    expect(ordersToCsv([odd]).split("\n").slice(1).join("\n")).toMatch(/^"a,""b""","line\nbreak",DU1234567,plain,/);
  });
});

describe("JSON export", () => {
  it("writes decoded rows with snake_case column names, compact or pretty", () => {
    const compact = ordersToJson([base]);
    expect(JSON.parse(compact)).toEqual([
      expect.objectContaining({
        order_id: "1001",
        preview_data: { estimatedPrice: 190.5, estimatedNotional: 1905 },
        fill_data: { fills: [], filled_quantity: 10, avg_fill_price: 190.45 },
        config_snapshot: { trading_mode: "paper", orders_enabled: true, mode: "simulation" },
        perm_id: 555,
        parent_order_id: null,
      }),
    ]);
    expect(Object.keys((JSON.parse(compact) as object[])[0] ?? {})).toHaveLength(21);
    expect(compact).not.toContain("\n");
    expect(ordersToJson([base], true)).toContain('\n  {\n    "order_id": "1001"');
  });
});
