// The change feed of `ibkr-mcp`: the gateway's durable events read from GET /events while at least one resource is
// subscribed, resumed with Last-Event-ID after a drop (gateway-events.ts), so no order or fill goes unnoticed.
import type { McpConfig } from "../config/index.js";
import type { Logger } from "../obs/index.js";
import { openGatewayEvents, type GatewayEvents } from "./gateway-events.js";
import type { ChangeEvent, ChangeFeed } from "./resource-events.js";

/** The durable topics behind resources (docs/streaming.md). */
export const RESOURCE_TOPICS = ["orders", "fills", "connection", "trading-status"] as const;

export function createRestChanges(options: Pick<McpConfig, "apiUrl" | "apiKey"> & { logger: Logger }): ChangeFeed {
  const listeners = new Set<(event: ChangeEvent) => void>();
  let link: GatewayEvents | null = null;
  const { logger } = options;
  const open = () =>
    openGatewayEvents({
      apiUrl: options.apiUrl,
      apiKey: options.apiKey,
      topics: RESOURCE_TOPICS,
      onEvent: (event) => {
        for (const listener of listeners) listener(event);
      },
      onStatus: (status) => {
        if (status.state === "connected") logger.info("Gateway events connected", { after: status.resumedAfter });
        else logger.warning("Gateway events interrupted", { reason: status.reason, retry_in_ms: status.retryInMs });
      },
      onFatal: (error) => logger.error("Gateway events refused; resource notifications stop", { error: error.message }),
    });
  return {
    watch(listener) {
      listeners.add(listener);
      link ??= open();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        link?.close();
        link = null;
      };
    },
  };
}
