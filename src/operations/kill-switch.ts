// The kill switch as the gateway runs it: activation and deactivation with audit, logs, the gauge and a global cancel
// at the broker. Where it lives: in a file next to the SQLite store (a once-per-second watch makes a CLI activation in
// another process take effect within a second), or, with a PostgreSQL store shared by several instances, in the
// database, pushed to every instance as it changes (and re-read every second). With the shared store the file still
// works as a local trigger: a file appearing trips the switch for every instance. The file format and its
// fail-closed reading live in src/safety.
import type { ConnectionState, KillSwitchState } from "../domain/index.js";
import { KILL_SWITCH_SOURCES } from "../domain/index.js";
import type { Logger, Metrics } from "../obs/index.js";
import { clearKillSwitch, readKillSwitch, writeKillSwitch, type KillSwitchSource } from "../safety/index.js";
import type { SharedKillSwitchState, Store } from "../store/index.js";
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
  store: Store;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Absent in processes without a broker connection (e.g. `ibkr-gateway kill-switch on`). */
  broker?: KillSwitchBroker;
}

/** Who changed the switch, as audit rows and logs name it: `file` and `shared` are changes this process observed
 *  (the file, another instance of a shared store). */
type RecordSource = KillSwitchSource | "shared";

const SYSTEM: OperationContext = { interface: "system", correlationId: null };
const INACTIVE: KillSwitchState = Object.freeze({ active: false, reason: null, activatedAt: null, source: null });

export class KillSwitchService {
  /** What every order is checked against: the file's state when it is active, else the shared state. */
  private known: KillSwitchState;
  private file: KillSwitchState;
  private shared: KillSwitchState = INACTIVE;
  private timer: NodeJS.Timeout | undefined;
  private offShared: (() => void) | undefined;
  /** Records still being written (awaited by `stop`). */
  private readonly writing = new Set<Promise<void>>();
  /** Changes of this process to the shared state in flight: their own notifications are not changes seen here. */
  private ownWrites = 0;

  constructor(private readonly deps: KillSwitchDeps) {
    this.file = readKillSwitch(deps.path);
    this.known = this.file;
    deps.metrics.set("kill_switch_active", {}, this.known.active ? 1 : 0);
  }

  /** With a shared store: reads its state and follows its changes. Call once before serving. */
  async load(): Promise<void> {
    const shared = this.deps.store.sharedKillSwitch;
    if (!shared || this.offShared) return;
    this.offShared = shared.onChange((state) => this.observeShared(fromShared(state)));
    this.observeShared(fromShared(await shared.read()));
  }

  /** Re-reads the file: the state every order is checked against. */
  current(): KillSwitchState {
    this.observeFile();
    return this.known;
  }

  async activate(
    reason: string,
    source: Exclude<KillSwitchSource, "file">,
    ctx: OperationContext,
  ): Promise<KillSwitchState> {
    const at = new Date(this.deps.clock.now());
    const state = await this.writeActive(reason, source, at);
    this.known = state;
    const cancelled = this.cancelAll();
    await this.record(state, source, ctx, cancelled);
    return state;
  }

  async deactivate(
    source: Exclude<KillSwitchSource, "file" | "auto">,
    ctx: OperationContext,
  ): Promise<KillSwitchState> {
    const shared = this.deps.store.sharedKillSwitch;
    // The shared state first: if the database cannot be written, the switch stays on everywhere (fail closed).
    if (shared) {
      await this.ownWrite(() => shared.write({ active: false, reason: null, source, activatedAt: null }));
      this.shared = INACTIVE;
    }
    this.file = clearKillSwitch(this.deps.path);
    this.known = INACTIVE;
    await this.record(INACTIVE, source, ctx);
    return INACTIVE;
  }

  /** Starts the once-per-second watch of the file (and of the shared state). */
  start(): void {
    this.timer ??= setInterval(() => this.poll(), 1000);
    this.timer.unref();
  }

  /** Stops watching and waits for records still being written. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.offShared?.();
    this.offShared = undefined;
    await Promise.all([...this.writing]);
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

  /** Activation's write: the shared state when there is one (the local file when the database cannot be written:
   *  the switch must hold at least here), else the file. */
  private async writeActive(reason: string, source: KillSwitchSource, at: Date): Promise<KillSwitchState> {
    const shared = this.deps.store.sharedKillSwitch;
    if (!shared) return (this.file = writeKillSwitch(this.deps.path, reason, source, at));
    try {
      const written = await this.ownWrite(() =>
        shared.write({ active: true, reason, source, activatedAt: at.toISOString() }),
      );
      return (this.shared = fromShared(written));
    } catch (error) {
      this.deps.logger.error(
        "The shared kill switch could not be written; it is active on this instance through its file",
        { error },
      );
      return (this.file = writeKillSwitch(this.deps.path, reason, source, at));
    }
  }

  private poll(): void {
    this.observeFile();
    const shared = this.deps.store.sharedKillSwitch;
    if (!shared) return;
    shared.read().then(
      (state) => this.observeShared(fromShared(state)),
      () => undefined, // the database is away: the last known state holds; its return fires onChange
    );
  }

  /** Records a change made by another process (the CLI, a file written by hand) when first seen here. */
  private observeFile(): void {
    const seen = readKillSwitch(this.deps.path);
    const changed = seen.active !== this.file.active;
    this.file = seen;
    if (!changed) {
      if (this.known.active === this.effective().active) this.known = this.effective();
      return;
    }
    // With a shared store, a file that appears trips the switch for every instance.
    const shared = this.deps.store.sharedKillSwitch;
    if (seen.active && shared && !this.shared.active) {
      const { reason, activatedAt } = seen;
      shared.write({ active: true, reason, source: "file", activatedAt }).catch((error: unknown) => {
        this.deps.logger.error("The kill switch file could not be copied to the shared store", { error });
      });
    }
    this.transition("file");
  }

  private observeShared(state: KillSwitchState): void {
    this.shared = state;
    // This process's own write is recorded by the method that made it.
    if (this.ownWrites > 0) return;
    this.transition("shared");
  }

  private async ownWrite<T>(write: () => Promise<T>): Promise<T> {
    this.ownWrites += 1;
    try {
      return await write();
    } finally {
      this.ownWrites -= 1;
    }
  }

  /** Moves `known` to the effective state; a change is recorded (and an activation cancels every order). */
  private transition(source: RecordSource): void {
    const next = this.effective();
    const was = this.known.active;
    this.known = next;
    if (next.active === was) return;
    const cancelled = next.active ? this.cancelAll() : undefined;
    this.track(this.record(next, source, SYSTEM, cancelled));
  }

  private effective(): KillSwitchState {
    return this.file.active ? this.file : this.shared;
  }

  private track(write: Promise<void>): void {
    this.writing.add(write);
    void write.finally(() => this.writing.delete(write));
  }

  /**
   * The global cancel, sent before anything is counted or awaited; the number of orders working when it went out,
   * null when it could not go out now (not ready: onBrokerReady sends it on the next ready), undefined in a process
   * without a broker (the CLI: the running gateway sees the change within a second and cancels).
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

  private async record(
    state: KillSwitchState,
    source: RecordSource,
    ctx: OperationContext,
    cancelled?: number | null,
  ): Promise<void> {
    this.deps.metrics.set("kill_switch_active", {}, state.active ? 1 : 0);
    const verb = state.active ? "activated" : "deactivated";
    this.deps.logger.warning(`Kill switch ${verb}`, { reason: state.reason, source, cancelled_open_orders: cancelled });
    const { store, logger } = this.deps;
    // The audit row and the stream event commit together; neither failing may stop the switch.
    try {
      await store.transaction(() => this.write(state, source, ctx, cancelled));
    } catch (error) {
      logger.error("Recording a kill switch change failed", { error });
    }
  }

  private async write(
    state: KillSwitchState,
    source: RecordSource,
    ctx: OperationContext,
    cancelled?: number | null,
  ): Promise<void> {
    const { store, logger } = this.deps;
    await store.appendSafe({
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
    // The instance that changed a shared switch wrote its stream event; the others only record what they did.
    if (source === "shared") return;
    await appendStreamEvent(store, logger, {
      topic: "trading-status",
      type: "kill-switch.changed",
      data: { active: state.active, reason: state.reason, source, activatedAt: state.activatedAt },
    });
  }
}

function fromShared(state: SharedKillSwitchState): KillSwitchState {
  if (!state.active) return INACTIVE;
  const source = (KILL_SWITCH_SOURCES as readonly string[]).includes(state.source ?? "")
    ? (state.source as KillSwitchState["source"])
    : null;
  return { active: true, reason: state.reason ?? "manual", activatedAt: state.activatedAt, source };
}
