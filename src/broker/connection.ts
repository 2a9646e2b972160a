// The connection state machine: disconnected → connecting → ready ⇄
// connectivity-lost, background reconnect with a fixed clientId. It answers no data requests; attempt timing lives
// in connect-attempts.ts and the status types in connection-status.ts.
import { EventEmitter } from "node:events";
import { EventName } from "@stoqey/ib";
import type { ConnectionState } from "../domain/index.js";
import { ConnectAttempts } from "./connect-attempts.js";
import { attemptFailure, connectTimeout } from "./connect-errors.js";
import {
  notReadyError,
  statusSnapshot,
  whenReady,
  type ConnectionEvents,
  type ConnectionOptions,
  type ConnectionStatus,
  type ReadyContext,
} from "./connection-status.js";
import { connectionLost, notConnected } from "./failures.js";
import { createEventBus, IbSession, type IbEvents } from "./ib-session.js";
import { ReadinessTracker } from "./readiness.js";
import { RequestRegistry } from "./request-registry.js";
import { idOf } from "./request-id.js";
import { TwsError } from "./tws-error.js";

const CLOSED_BY_SERVER = "Failed to connect to IBKR: connection closed by the server";

export class Connection extends EventEmitter<ConnectionEvents> {
  readonly registry: RequestRegistry;
  readonly events: IbEvents;
  private readonly bus = createEventBus();
  private readonly readiness: ReadinessTracker;
  private readonly attempts: ConnectAttempts;
  private readonly readyHooks: Array<(context: ReadyContext) => void> = [];
  private session: IbSession | null = null;
  private current: ConnectionStatus;
  private started = false;
  private everReady = false;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.events = this.bus.events;
    this.registry = new RequestRegistry(options.clock, options.metrics);
    this.readiness = new ReadinessTracker(this.events);
    this.attempts = new ConnectAttempts(options);
    this.current = statusSnapshot("disconnected", options.clock.now(), 0, null);
    this.listen();
  }

  get state(): ConnectionState {
    return this.current.state;
  }

  status(): ConnectionStatus {
    return { ...this.current };
  }

  get managedAccounts(): readonly string[] {
    return this.readiness.accounts;
  }

  get target(): { host: string; port: number; clientId: number } {
    return { host: this.options.host, port: this.options.port, clientId: this.options.clientId };
  }

  /** Reserves `count` consecutive broker order ids and returns the first. */
  reserveOrderIds(count = 1): number {
    return this.readiness.reserveOrderIds(count);
  }

  /** Runs after every transition to ready (resync, resubscribe); hooks must not throw. */
  onReady(hook: (context: ReadyContext) => void): void {
    this.readyHooks.push(hook);
  }

  /** The live session when ready, else null (for best-effort callers such as the health check). */
  get readySession(): IbSession | null {
    return this.current.state === "ready" ? this.session : null;
  }

  /** The live session, or the fail-fast error. Nothing is ever handed to IBApi while not ready. */
  requireReady(): IbSession {
    if (this.current.state !== "ready" || !this.session) {
      throw notConnected(this.options.host, this.options.port, this.current.state);
    }
    return this.session;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.connectNow();
  }

  stop(): void {
    this.started = false;
    this.attempts.cancel();
    this.closeSession();
    this.registry.failAll(connectionLost);
    this.setState("disconnected");
  }

  waitUntilReady(timeoutMs: number): Promise<void> {
    const { clock, host, port } = this.options;
    return whenReady(this, clock, timeoutMs, () => notReadyError(this.current, host, port));
  }

  private listen(): void {
    this.events.on(EventName.disconnected, () => this.onSocketClosed());
    this.events.on(EventName.info, (message: string, code: number) => this.onNotice(code, message));
    this.events.on(EventName.error, (error: Error, code: number, reqId: number) => {
      const id = idOf(reqId);
      if (id >= 0) this.registry.routeError(new TwsError(code, id, error.message));
      else this.onGlobalError(code, error.message);
    });
    this.readiness.onReady(() => this.onSessionReady());
  }

  private connectNow(): void {
    if (!this.started) return;
    this.closeSession();
    this.readiness.reset();
    this.setState("connecting");
    this.attempts.begin(() => this.onAttemptTimeout());
    const { host, port, clientId } = this.options;
    this.session = new IbSession({ host, port, clientId }, this.options.clock, this.bus, this.options.pacing);
  }

  private onSessionReady(): void {
    if (this.current.state !== "connecting" || !this.session) return;
    this.attempts.succeeded();
    const reconnect = this.everReady;
    this.everReady = true;
    if (reconnect) {
      this.current.reconnects += 1;
      this.options.metrics.inc("ibkr_reconnects_total", {});
    }
    this.setState("ready");
    this.options.logger.info("Connected to IBKR", { ...this.target, reconnect });
    this.emit("connection", { type: "connected", reconnect });
    this.runReadyHooks(reconnect ? "reconnected" : "connected", false);
  }

  private onSocketClosed(): void {
    const was = this.current.state;
    this.closeSession();
    this.registry.failAll(connectionLost);
    if (was === "ready" || was === "connectivity-lost") {
      this.options.logger.warning("IBKR connection lost", this.target);
      this.emit("connection", { type: "lost", reason: "socket closed" });
    } else if (was === "connecting") {
      this.attempts.failed("error");
      this.current.lastError = this.attempts.failure ?? CLOSED_BY_SERVER;
    }
    this.scheduleReconnect();
  }

  private onAttemptTimeout(): void {
    if (this.current.state !== "connecting") return;
    this.attempts.failed("timeout");
    this.current.lastError = this.attempts.failure ?? connectTimeout(this.options.host, this.options.port);
    this.closeSession();
    this.scheduleReconnect();
  }

  private onGlobalError(code: number, message: string): void {
    const failure = attemptFailure(code, message, this.current.state === "connecting", this.target);
    if (failure === null) {
      this.options.logger.debug("IBKR error without request id", { code, message });
      return;
    }
    this.attempts.failure = failure;
    this.current.lastError = failure;
  }

  private onNotice(code: number, message: string): void {
    if (code === 1100 && this.current.state === "ready") {
      this.setState("connectivity-lost");
      this.registry.failAll(connectionLost);
      this.options.logger.warning("IBKR connectivity lost", { code, message });
      this.emit("connection", { type: "lost", reason: message });
    } else if ((code === 1101 || code === 1102) && this.current.state === "connectivity-lost") {
      this.setState("ready");
      this.options.logger.info("IBKR connectivity restored", { code, message });
      this.emit("connection", { type: "restored", dataLost: code === 1101 });
      this.runReadyHooks("restored", code === 1101);
    } else if (code === 326) {
      // 326 carries id -1, so the library reports it as a notice, not an error.
      this.onGlobalError(code, message);
    } else {
      this.options.logger.debug("IBKR notice", { code, message });
    }
  }

  private runReadyHooks(reason: ReadyContext["reason"], dataLost: boolean): void {
    const session = this.session;
    if (!session) return;
    for (const hook of this.readyHooks) hook({ session, reason, dataLost });
  }

  private scheduleReconnect(): void {
    if (!this.started) return;
    if (this.attempts.scheduleNext(() => this.connectNow())) this.setState("disconnected");
  }

  private closeSession(): void {
    this.session?.dispose();
    this.session = null;
  }

  private setState(state: ConnectionState): void {
    if (this.current.state === state) return;
    const { reconnects, lastError } = this.current;
    this.current = statusSnapshot(state, this.options.clock.now(), reconnects, lastError);
    this.emit("state", this.status());
  }
}
