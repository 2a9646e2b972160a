// Events another process writes to the shared database (the kill-switch CLI) reach the running gateway's stream
// clients, in seq order with the gateway's own.
import { rmSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../support/gateway.js";
import { runBin } from "../../support/spawn.js";
import { sharedEnv, tempDir } from "../../safety/support.js";
import { durable, ofType, openStream, type StreamClient } from "./support.js";

let gw: TestGateway | undefined;
let client: StreamClient | undefined;
let dir: string | undefined;
afterEach(async () => {
  await client?.close();
  await gw?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  gw = client = dir = undefined;
});

it("delivers the kill-switch CLI's event and the gateway's own, in seq order", async () => {
  dir = tempDir();
  gw = await startTestGateway({ dir });
  const http = await gw.app.listen({ host: "127.0.0.1", port: 0 });
  client = await openStream(http.replace(/^http/, "ws") + "/stream");
  client.send({ op: "subscribe", topics: ["trading-status"] });
  await client.until((m) => ofType(m, "subscribed").length === 1, "subscribed");
  const on = await runBin("cli/main.js", ["kill-switch", "on", "--reason", "halt"], { env: sharedEnv(dir), cwd: dir });
  expect(on.code).toBe(0);
  await client.until((m) => ofType(m, "kill-switch.changed").length === 2, "both kill-switch.changed events");
  const events = durable(client.messages);
  expect(events.map((e) => e.data.source)).toEqual(["cli", "file"]);
  expect(events.map((e) => e.data.active)).toEqual([true, true]);
  expect(events[1]!.seq).toBeGreaterThan(events[0]!.seq!);
});
