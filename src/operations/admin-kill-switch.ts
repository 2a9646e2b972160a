// GET/POST /admin/kill-switch. Deliberately not part of the MCP tool set: agents can read the
// kill switch through get_trading_status but can never change it.
import { z } from "zod";
import { KillSwitchRequest, KillSwitchState } from "../domain/index.js";
import { defineOperation } from "./operation.js";

export const getKillSwitch = defineOperation({
  name: "get_kill_switch",
  summary: "Current kill switch state",
  input: z.object({}),
  output: KillSwitchState,
  needsBroker: false,
  async run({ killSwitch }) {
    return killSwitch.current();
  },
});

export const setKillSwitch = defineOperation({
  name: "set_kill_switch",
  summary: "Activate (cancels all open orders, blocks new ones) or deactivate the kill switch",
  input: KillSwitchRequest,
  output: KillSwitchState,
  needsBroker: false,
  async run({ killSwitch }, input, ctx) {
    const source = ctx.interface === "cli" ? "cli" : "rest";
    if (input.active) return killSwitch.activate(input.reason ?? "manual", source, ctx);
    return killSwitch.deactivate(source, ctx);
  },
});
