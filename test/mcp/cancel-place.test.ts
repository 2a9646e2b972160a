// An MCP client that cancels place_order before the order was sent: the cancellation travels from the SDK client to
// ibkr-mcp's REST call, the gateway sees its caller go, and the send gate never sends the order.
import { setTimeout as sleep } from "node:timers/promises";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { listen, restSession, toAnswer, type McpSession, RESTING_ORDER_ARGS } from "./support.js";
import { sqliteOf } from "../support/sqlite.js";

let gw: TestGateway | undefined;
let session: McpSession | undefined;
afterEach(async () => {
  await session?.close();
  await gw?.close();
  gw = session = undefined;
});

const RESTING = RESTING_ORDER_ARGS;

it("never sends an order whose place_order call the MCP client cancelled while it waited for its quote", async () => {
  gw = await startTestGateway({ env: { ORDERS_ENABLED: "true" } });
  const g = gw;
  session = await restSession(await listen(g));
  const preview = await session.call("preview_order", RESTING);
  expect(preview.isError).toBe(false);
  g.simulator!.control.addFault({ kind: "delay-ms", ms: 400 });
  const controller = new AbortController();
  const call = session.client.callTool(
    {
      name: "place_order",
      arguments: { ...RESTING, client_order_id: "mcp-cancelled", confirmation_token: preview.data.confirmation_token },
    },
    CallToolResultSchema,
    { signal: controller.signal },
  );
  await sleep(150);
  controller.abort("user pressed stop");
  await expect(call).rejects.toThrow();
  await expect.poll(() => sqliteOf(g).getJournalEntry("mcp-cancelled")?.state, { timeout: 5000 }).toBe("NOT_SENT");
  await sleep(1000);
  g.simulator!.control.addFault({ kind: "delay-ms", ms: 0 });
  expect(g.simulator!.control.state().orders).toHaveLength(0);
  // The same order, asked again with a fresh token, is placed once.
  const again = await session.call("preview_order", RESTING);
  const placed = toAnswer(
    (await session.client.callTool({
      name: "place_order",
      arguments: { ...RESTING, client_order_id: "mcp-cancelled", confirmation_token: again.data.confirmation_token },
    })) as CallToolResult,
  );
  expect(placed.data).toMatchObject({ status: "ACCEPTED", clientOrderId: "mcp-cancelled" });
  expect(g.simulator!.control.state().orders).toHaveLength(1);
});
