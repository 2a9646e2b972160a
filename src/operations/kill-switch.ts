// The kill switch as the gateway runs it: activation and deactivation with audit, logs, the gauge and
// a global cancel at the broker; a once-per-second watch of the file so a CLI activation in another process takes
// effect within a second. The file format and its fail-closed reading live in src/safety.
import type { ConnectionState, KillSwitchState } from "../domain/index.js";
import type { Logger, Metrics } from "../obs/index.js";
import { clearKillSwitch, readKillSwitch, writeKillSwitch, type KillSwitchSource } from "../safety/index.js";
import type { AuditStore } from "../store/index.js";
import { userContext, type Clock, type OperationContext } from "./context.js";
import { appendStreamEvent } from "./stream/index.js";

/** The part of the broker the kill switch needs (the Broker satisfies it). */
export interface KillSwitchBroker {
  readonly connection: { readonly state: ConnectionState };
  /** Sends the global cancel now (throws when not ready) and returns how many orders were working. */
  readonly orders: { globalCancel(): number };
}

export interface KillSwitchDeps {
  path: string;
  store: AuditStore;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Absent in processes without a broker connection (e.g. `ibkr-gateway kill-switch on`). */
  broker?: KillSwitchBroker;
}

const SYSTEM: OperationContext = { interface: "system", correlationId: null };

export class KillSwitchService {
  private known: KillSwitchState;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: KillSwitchDeps) {
    this.known = readKillSwitch(deps.path);
    deps.metrics.set("kill_switch_active", {}, this.known.active ? 1 : 0);
  }

  /** Re-reads the file: the state every order is checked against. */
  current(): KillSwitchState {
    this.observe();
    return this.known;
  }

  async activate(
    reason: string,
    source: Exclude<KillSwitchSource, "file">,
    ctx: OperationContext,
  ): Promise<KillSwitchState> {
    const state = writeKillSwitch(this.deps.path, reason, source, new Date(this.deps.clock.now()));
    this.known = state;
    const cancelled = this.cancelAll();
    this.record(state, source, ctx, cancelled);
    return state;
  }

  deactivate(source: Exclude<KillSwitchSource, "file" | "auto">, ctx: OperationContext): KillSwitchState {
    const state = clearKillSwitch(this.deps.path);
    this.known = state;
    this.record(state, source, ctx);
    return state;
  }

  /** Starts the once-per-second watch of the file. */
  start(): void {
    this.timer ??= setInterval(() => this.observe(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Called on every return to ready (connect, reconnect, and restores after 1101/1102): while the switch is
   * active no order may survive, including one the broker kept through an outage that hid the first cancel.
   */
  onBrokerReady(): void {
    if (!this.current().active) return;
    const cancelled = this.cancelAll();
    if (typeof cancelled === "number")
      this.deps.logger.warning("Kill switch re-applied on broker ready", { working: cancelled });
  }

  /** Records a change made by another process (the CLI) when first seen here. */
  private observe(): void {
    const seen = readKillSwitch(this.deps.path);
    if (seen.active === this.known.active) {
      this.known = seen;
      return;
    }
    this.known = seen;
    if (seen.active) {
      this.record(seen, "file", SYSTEM, this.cancelAll());
    } else {
      this.record(seen, "file", SYSTEM);
    }
  }

  /**
   * The global cancel, sent before anything is counted or awaited; the number of orders working when it went out,
   * null when it could not go out now (not ready: onBrokerReady sends it on the next ready), undefined in a process
   * without a broker (the CLI: the running gateway sees the file within a second and cancels).
   */
  private cancelAll(): number | null | undefined {
    const broker = this.deps.broker;
    if (!broker) return undefined;
    if (broker.connection.state !== "ready") return null;
    try {
      return broker.orders.globalCancel();
    } catch (err) {
      this.deps.logger.error("Global cancel after kill switch activation failed; it is sent again on the next ready", {
        error: err,
      });
      return null;
    }
  }

  private record(
    state: KillSwitchState,
    source: KillSwitchSource,
    ctx: OperationContext,
    cancelled?: number | null,
  ): void {
    this.deps.metrics.set("kill_switch_active", {}, state.active ? 1 : 0);
    const verb = state.active ? "activated" : "deactivated";
    this.deps.logger.warning(`Kill switch ${verb}`, { reason: state.reason, source, cancelled_open_orders: cancelled });
    const { store, logger } = this.deps;
    // The audit row and the stream event commit together; neither failing may stop the switch.
    try {
      store.atomically(() => this.write(state, source, ctx, cancelled));
    } catch (error) {
      logger.error("Recording a kill switch change failed", { error });
    }
  }

  private write(
    state: KillSwitchState,
    source: KillSwitchSource,
    ctx: OperationContext,
    cancelled?: number | null,
  ): void {
    const { store, logger } = this.deps;
    store.appendSafe({
      eventType: "KILL_SWITCH",
      eventData: {
        active: state.active,
        reason: state.reason,
        source,
        ...(state.active && typeof cancelled === "number" ? { cancelled_open_orders: cancelled } : {}),
        ...(state.active && cancelled === null ? { global_cancel: "deferred until the broker is ready" } : {}),
      },
      correlationId: ctx.correlationId,
      userContext: userContext(ctx),
    });
    appendStreamEvent(store, logger, {
      topic: "trading-status",
      type: "kill-switch.changed",
      data: { active: state.active, reason: state.reason, source, activatedAt: state.activatedAt },
    });
  }
}
