// Service models on the wire: health, trading status, kill switch and the error envelope.
// The health body and the error envelope are snake_case by contract.
import { z } from "zod";
import { ERROR_CODES } from "./errors.js";
import { strictObject } from "./strict-object.js";

export const RUN_MODES = ["paper", "live", "simulation"] as const;
export const CONNECTION_STATES = ["connecting", "ready", "connectivity-lost", "disconnected"] as const;
export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const KILL_SWITCH_SOURCES = ["cli", "rest", "auto", "file"] as const;

export const KillSwitchState = z.object({
  active: z.boolean(),
  reason: z.string().nullable(),
  activatedAt: z.string().nullable(),
  source: z.enum(KILL_SWITCH_SOURCES).nullable(),
});
export type KillSwitchState = z.infer<typeof KillSwitchState>;

export const HealthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  ibkr_connected: z.boolean(),
  server_time: z.string().nullable(),
  trading_mode: z.enum(["paper", "live"]),
  orders_enabled: z.boolean(),
  version: z.string(),
  mode: z.enum(RUN_MODES),
  account: z.string().nullable(),
  connection: z.object({
    state: ConnectionState,
    since: z.string(),
    reconnects: z.number().int().min(0),
    last_error: z.string().nullable(),
  }),
  kill_switch: z.object({
    active: z.boolean(),
    reason: z.string().nullable(),
    activated_at: z.string().nullable(),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const TradingStatus = z.object({
  mode: z.enum(RUN_MODES),
  tradingMode: z.enum(["paper", "live"]),
  ordersEnabled: z.boolean(),
  requireOrderConfirmation: z.boolean(),
  killSwitch: KillSwitchState,
  limits: z.object({
    maxOrderQuantity: z.number().nullable(),
    maxOrderNotional: z.number().nullable(),
    symbolAllowlist: z.array(z.string()),
    maxOrdersPerMinute: z.number().nullable(),
    maxOpenOrders: z.number().nullable(),
    maxDailyLoss: z.number().nullable(),
    maxPriceDeviationPct: z.number().nullable(),
    maxQuoteAgeSec: z.number(),
    maxPositionNotional: z.number().nullable(),
    maxDailyNotional: z.number().nullable(),
  }),
  connection: z.object({
    state: ConnectionState,
    since: z.string(),
    reconnects: z.number().int().min(0),
    lastError: z.string().nullable(),
  }),
  account: z.string().nullable(),
});
export type TradingStatus = z.infer<typeof TradingStatus>;

export const KillSwitchRequest = strictObject({
  active: z.boolean().describe("true stops all new orders and cancels working ones; false allows orders again"),
  reason: z.string().trim().min(1).nullish().describe("Why, kept in the audit log (when activating)"),
});
export type KillSwitchRequest = z.infer<typeof KillSwitchRequest>;

export const ErrorResponse = z.object({
  error_code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** First 2 characters, `*` for each middle character, last 3; ids of 5 characters or fewer fully masked. */
export function maskAccount(account: string): string {
  if (account.length <= 5) return "*".repeat(account.length);
  return account.slice(0, 2) + "*".repeat(account.length - 5) + account.slice(-3);
}
