// The services an operation runs with. Built once by the composition root (src/main.ts); operations receive
// them, they never construct them.
import type { GatewayConfig } from "../config/index.js";
import type { Logger, Metrics } from "../obs/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "./context.js";
import type { KillSwitchService } from "./kill-switch.js";
import type { Broker } from "../broker/index.js";
import type { OrderRuntime } from "./orders/order-runtime.js";
import type { EventHub } from "./stream/hub.js";
import type { PnlRelay } from "./stream/pnl-relay.js";
import type { QuoteFanout } from "./stream/quote-fanout.js";

export type { CallerKey, Clock, InterfaceName, OperationContext } from "./context.js";
export { userContext } from "./context.js";

export interface GatewayServices {
  readonly config: GatewayConfig;
  readonly broker: Broker;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly killSwitch: KillSwitchService;
  readonly clock: Clock;
  /** Process-wide state of the order pipeline: confirmation tokens, rate window, per-key locks. */
  readonly orders: OrderRuntime;
  /** Fan-out of the durable stream events to live subscribers (GET /events, GET /stream). */
  readonly events: EventHub;
  /** The `quotes` topic of GET /stream: one broker line per instrument, shared by its watchers. */
  readonly quotes: QuoteFanout;
  /** The `pnl` topic of GET /stream: standing P&L subscriptions while someone listens. */
  readonly pnl: PnlRelay;
}
