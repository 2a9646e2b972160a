// GET /health: connection, mode and kill-switch state. Never waits for a connect attempt;
// server time is best effort (2 s, null otherwise) and reuses a reply younger than 5 s.
import { z } from "zod";
import { HealthResponse, maskAccount, VERSION } from "../domain/index.js";
import { defineOperation } from "./operation.js";
import { brokerTime } from "./server-time.js";

export const SERVER_TIME_TIMEOUT_MS = 2000;

export const health = defineOperation({
  name: "health",
  summary: "Gateway health: broker connection, trading mode, kill switch",
  input: z.object({}),
  output: HealthResponse,
  needsBroker: false,
  async run(services) {
    const { config, broker, killSwitch } = services;
    const connection = broker.connection.status();
    const ready = connection.state === "ready";
    const serverTime = ready ? await brokerTime(broker, services.clock, SERVER_TIME_TIMEOUT_MS) : null;
    const account = broker.connection.defaultAccount;
    const ks = killSwitch.current();
    return {
      status: ready ? ("ok" as const) : ("degraded" as const),
      ibkr_connected: ready,
      server_time: serverTime,
      trading_mode: config.tradingMode,
      orders_enabled: config.ordersEnabled,
      version: VERSION,
      mode: config.mode,
      account: account === null ? null : maskAccount(account),
      connection: {
        state: connection.state,
        since: connection.since,
        reconnects: connection.reconnects,
        last_error: connection.lastError,
      },
      kill_switch: { active: ks.active, reason: ks.reason, activated_at: ks.activatedAt },
    };
  },
});
