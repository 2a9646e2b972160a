// tools/list through the SDK's real Client (AC-59 first half): the 11 tools with their annotations,
// input schemas that advertise confirmation_token as required for place_order, no outputSchema, and the
// server's identity and instructions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl, restSession, type McpSession } from "./support.js";

let session: McpSession;
beforeAll(async () => {
  session = await restSession(await closedPortUrl());
});
afterAll(() => session.close());

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
const EXPECTED_ANNOTATIONS: Record<string, typeof READ> = {
  get_quote: READ,
  get_historical_data: READ,
  get_account_status: READ,
  get_pnl: READ,
  preview_order: READ,
  place_order: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  get_order_status: READ,
  cancel_order: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  list_open_orders: READ,
  get_trading_status: READ,
  resolve_contract: READ,
};

describe("tools/list", () => {
  it("lists exactly the 11 tools with the annotations of the contract and no outputSchema", async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(EXPECTED_ANNOTATIONS).sort());
    for (const tool of tools) {
      expect(tool.annotations, tool.name).toEqual(EXPECTED_ANNOTATIONS[tool.name]);
      expect(tool.outputSchema, tool.name).toBeUndefined();
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(40);
    }
  });

  it("advertises snake_case parameters with defaults, and confirmation_token as required for place_order", async () => {
    const { tools } = await session.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t.inputSchema]));
    const place = byName.get("place_order");
    expect(place?.required).toEqual(
      expect.arrayContaining(["instrument_symbol", "instrument_security_type", "side", "quantity", "order_type"]),
    );
    expect(place?.required).toContain("confirmation_token");
    expect(Object.keys(place?.properties ?? {})).toContain("client_order_id");
    const preview = byName.get("preview_order");
    expect(preview?.required).not.toContain("confirmation_token");
    expect(preview?.properties?.["tif"]).toMatchObject({ default: "DAY" });
    expect(preview?.properties?.["bracket_transmit"]).toMatchObject({ default: true });
    expect(byName.get("get_quote")?.required).toEqual(["symbol", "security_type"]);
    expect(byName.get("get_historical_data")?.properties?.["what_to_show"]).toMatchObject({ default: "TRADES" });
    expect(byName.get("get_historical_data")?.properties?.["rth_only"]).toMatchObject({ default: true });
    expect(byName.get("get_order_status")?.required).toEqual(["order_id"]);
    expect(byName.get("list_open_orders")?.required ?? []).toEqual([]);
  });

  it("identifies itself as ibkr-gateway 0.1.0 with the safety instructions", () => {
    expect(session.client.getServerVersion()).toMatchObject({ name: "ibkr-gateway", version: "0.1.0" });
    const instructions = session.client.getInstructions() ?? "";
    expect(instructions).toContain("preview_order");
    expect(instructions).toContain("confirmation_token");
    expect(instructions).toContain("SIMULATED");
    expect(instructions).toContain("kill switch cannot be changed");
  });

  it("answers an unknown tool with a JSON-RPC error, not a tool result", async () => {
    await expect(session.client.callTool({ name: "set_kill_switch", arguments: {} })).rejects.toThrow(
      /Unknown tool: set_kill_switch/,
    );
  });
});
