// GET /trading-status: the truth about what an order would meet — mode, switches, limits, connection.
import { z } from "zod";
import { maskAccount, TradingStatus } from "../domain/index.js";
import { defineOperation } from "./operation.js";

export const tradingStatus = defineOperation({
  name: "get_trading_status",
  summary: "Trading mode, whether orders are enabled, kill switch, risk limits and connection state",
  input: z.object({}),
  output: TradingStatus,
  needsBroker: false,
  async run({ config, broker, killSwitch }) {
    const connection = broker.connection.status();
    const account = broker.connection.defaultAccount;
    const limits = config.limits;
    return {
      mode: config.mode,
      tradingMode: config.tradingMode,
      ordersEnabled: config.ordersEnabled,
      requireOrderConfirmation: config.requireOrderConfirmation,
      killSwitch: killSwitch.current(),
      limits: {
        maxOrderQuantity: limits.maxOrderQuantity,
        maxOrderNotional: limits.maxOrderNotional,
        symbolAllowlist: [...limits.symbolAllowlist],
        maxOrdersPerMinute: limits.maxOrdersPerMinute,
        maxOpenOrders: limits.maxOpenOrders,
        maxDailyLoss: limits.maxDailyLoss,
        maxPriceDeviationPct: limits.maxPriceDeviationPct,
        maxQuoteAgeSec: limits.maxQuoteAgeSec,
        maxPositionNotional: limits.maxPositionNotional,
        maxDailyNotional: limits.maxDailyNotional,
      },
      connection: { ...connection },
      account: account === null ? null : maskAccount(account),
    };
  },
});
