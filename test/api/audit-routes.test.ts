// The audit trail over HTTP (GET /audit, /audit/verify, /audit/orders/export) on the real gateway and simulator:
// admin keys only, the rows the order path wrote, the chain check and the order export.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateApiKey, writeApiKeysFile } from "../../src/config/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { sqliteOf } from "../support/sqlite.js";
import { B, until } from "../operations/orders/support/orders.js";

let gw: TestGateway | undefined;
let dir: string | undefined;
afterEach(async () => {
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  gw = dir = undefined;
});

async function gatewayWithKeys() {
  dir = mkdtempSync(join(tmpdir(), "audit-routes-"));
  const admin = generateApiKey();
  const trader = generateApiKey();
  writeApiKeysFile(join(dir, "keys.json"), [
    { name: "auditor", scopes: ["read", "admin"], hash: admin.hash },
    { name: "trader", scopes: ["read", "trade"], hash: trader.hash },
  ]);
  gw = await startTestGateway({ env: { API_KEYS_FILE: join(dir, "keys.json"), ORDERS_ENABLED: "true" } });
  const as = (key: string) => async (method: "GET" | "POST", url: string, payload?: object) => {
    const res = await gw!.app.inject({
      method,
      url,
      headers: { "x-api-key": key, "content-type": "application/json" },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.json() };
  };
  return { admin: as(admin.key), trader: as(trader.key) };
}

describe("audit routes", () => {
  it("search the log, verify the chain and export orders for an admin key only", async () => {
    const { admin, trader } = await gatewayWithKeys();
    const placed = await trader("POST", "/orders", B({ quantity: 2 }));
    expect(placed.body.status).toBe("ACCEPTED");
    const orderId = placed.body.orderId as string;
    await until(gw!, () => sqliteOf(gw!).getOrder(orderId)?.status === "FILLED", "fill");

    const found = await admin("GET", "/audit?eventType=ORDER_SUBMIT&limit=10");
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    expect(found.body.records[0]).toMatchObject({ eventType: "ORDER_SUBMIT", eventData: { order_id: orderId } });
    const byRequest = await admin("GET", `/audit?correlationId=${found.body.records[0].correlationId}`);
    expect(byRequest.body.records.map((r: { eventType: string }) => r.eventType)).toContain("ORDER_SUBMIT");

    const verified = await admin("GET", "/audit/verify");
    expect(verified.body).toEqual({ ok: true, count: expect.any(Number) });
    expect(verified.body.count).toBeGreaterThan(1);

    const csv = await admin("GET", "/audit/orders/export?format=csv&symbol=aapl");
    expect(csv.body.count).toBe(1);
    const [header, row] = (csv.body.content as string).trim().split("\n");
    expect(header?.split(",").slice(0, 4)).toEqual(["order_id", "correlation_id", "account_id", "symbol"]);
    expect(row).toContain(orderId);
    expect((await admin("GET", "/audit/orders/export?symbol=MSFT")).body).toEqual({
      format: "csv",
      count: 0,
      content: null,
    });

    const refused = await trader("GET", "/audit");
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error_code: "FORBIDDEN_SCOPE", details: { scope: "admin" } });
    const bad = await admin("GET", "/audit?limit=0&eventType=NOPE");
    expect(bad.status).toBe(422);
    expect(bad.body.error_code).toBe("VALIDATION_ERROR");
  });
});
