// The connection state machine (SPEC §9, tws-protocol A.9 #1): disconnected → connecting → ready ⇄
// connectivity-lost, background reconnect with backoff and a fixed clientId. It answers no data requests.
import { EventEmitter } from "node:events";
import { EventName } from "@stoqey/ib";
import { GatewayError, type ConnectionState } from "../domain/index.js";
import { backoffDelayMs } from "./backoff.js";
import { clientIdInUse, connectTimeout, describeConnectFailure } from "./connect-errors.js";
import { connectionLost, notConnected } from "./failures.js";
import type { BrokerLogger, BrokerMetrics, Clock, TimerHandle } from "./hooks.js";
import { createEventBus, IbSession, type IbEvents } from "./ib-session.js";
import { RequestRegistry } from "./request-registry.js";
import { ReadinessTracker } from "./readiness.js";
import { TwsError } from "./tws-error.js";

export interface ConnectionOptions {
  host: string;
  port: number;
  clientId: number;
  clock: Clock;
  random: () => number;
  logger: BrokerLogger;
  metrics: BrokerMetrics;
  /** Socket up to ready (SPEC §9: 10 s). */
  connectTimeoutMs: number;
  /** Delay before reconnect attempt n (0-based); default: SPEC §9 backoff with jitter. */
  backoffMs?: (attempt: number) => number;
  dataRequestsPerSecond: number;
}

export interface ConnectionStatus {
  state: ConnectionState;
  /** ISO time of the last state change. */
  since: string;
  reconnects: number;
  lastError: string | null;
}

/** Why a session became usable: first connect, a new socket after a loss, or a 1101/1102 notice. */
export interface ReadyContext {
  session: IbSession;
  reason: "connected" | "reconnected" | "restored";
  dataLost: boolean;
}

/** What the audit store records as CONNECTION rows (SPEC §12.3). */
export type ConnectionEvent =
  | { type: "connected"; reconnect: boolean }
  | { type: "lost"; reason: string }
  | { type: "restored"; dataLost: boolean };

export interface ConnectionEvents {
  state: [ConnectionStatus];
  connection: [ConnectionEvent];
}

export class Connection extends EventEmitter<ConnectionEvents> {
  readonly registry: RequestRegistry;
  readonly events: IbEvents;
  private readonly bus = createEventBus();
  private readonly readiness: ReadinessTracker;
  private readonly readyHooks: Array<(context: ReadyContext) => void> = [];
  private session: IbSession | null = null;
  private current: ConnectionStatus;
  private started = false;
  private attempt = 0;
  private everReady = false;
  private timer: TimerHandle | null = null;
  private attemptStartedMs = 0;
  /** The most specific failure seen during the current attempt (326, refused …). */
  private attemptError: string | null = null;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.events = this.bus.events;
    this.registry = new RequestRegistry(options.clock, options.metrics);
    this.readiness = new ReadinessTracker(this.events);
    this.current = this.snapshot("disconnected", 0, null);
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

  /** The live session, or the SPEC §9 fail-fast error. Nothing is ever handed to IBApi while not ready. */
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
    this.clearTimer();
    this.closeSession();
    this.registry.failAll(connectionLost);
    this.setState("disconnected");
  }

  waitUntilReady(timeoutMs: number): Promise<void> {
    if (this.current.state === "ready") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onState = (status: ConnectionStatus): void => {
        if (status.state !== "ready") return;
        this.options.clock.clearTimeout(handle);
        this.off("state", onState);
        resolve();
      };
      const handle = this.options.clock.setTimeout(() => {
        this.off("state", onState);
        reject(this.notReadyError());
      }, timeoutMs);
      this.on("state", onState);
    });
  }

  private notReadyError(): GatewayError {
    const { host, port } = this.options;
    if (this.current.lastError === null) return notConnected(host, port, this.current.state);
    return new GatewayError("IBKR_CONNECTION_ERROR", `IBKR connection failed: ${this.current.lastError}`, {
      details: { lastError: this.current.lastError },
    });
  }

  private listen(): void {
    this.events.on(EventName.disconnected, () => this.onSocketClosed());
    this.events.on(EventName.info, (message: string, code: number) => this.onNotice(code, message));
    this.events.on(EventName.error, (error: Error, code: number, reqId: number) => {
      if (reqId >= 0) this.registry.routeError(new TwsError(code, reqId, error.message));
      else this.onGlobalError(code, error.message);
    });
    this.readiness.onReady(() => this.onSessionReady());
  }

  private connectNow(): void {
    this.timer = null;
    if (!this.started) return;
    this.closeSession();
    this.readiness.reset();
    this.attemptError = null;
    this.setState("connecting");
    this.attemptStartedMs = this.options.clock.now();
    this.timer = this.options.clock.setTimeout(() => this.onAttemptTimeout(), this.options.connectTimeoutMs);
    const { host, port, clientId } = this.options;
    const rate = this.options.dataRequestsPerSecond;
    this.session = new IbSession({ host, port, clientId }, this.options.clock, this.bus, rate);
  }

  private onSessionReady(): void {
    if (this.current.state !== "connecting" || !this.session) return;
    this.clearTimer();
    const reconnect = this.everReady;
    this.everReady = true;
    this.attempt = 0;
    this.meterAttempt("success");
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
      this.clearTimer();
      this.meterAttempt("error");
      this.current.lastError = this.attemptError ?? "Failed to connect to IBKR: connection closed by the server";
    }
    this.scheduleReconnect();
  }

  private onAttemptTimeout(): void {
    this.timer = null;
    if (this.current.state !== "connecting") return;
    this.meterAttempt("timeout");
    this.current.lastError = this.attemptError ?? connectTimeout(this.options.host, this.options.port);
    this.closeSession();
    this.scheduleReconnect();
  }

  private onGlobalError(code: number, message: string): void {
    const { host, port, clientId } = this.options;
    if (code === 326) this.attemptError = clientIdInUse(clientId, host, port);
    else if (code === 502 && this.current.state === "connecting") {
      this.attemptError = describeConnectFailure(message, host, port);
    } else this.options.logger.debug("IBKR error without request id", { code, message });
    if (this.attemptError !== null) this.current.lastError = this.attemptError;
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
      // 326 carries id -1, so the library reports it as a notice, not an error (tws-protocol A.3).
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
    if (!this.started || this.timer !== null) return;
    this.setState("disconnected");
    const delay = (this.options.backoffMs ?? ((n) => backoffDelayMs(n, this.options.random)))(this.attempt);
    this.attempt += 1;
    this.timer = this.options.clock.setTimeout(() => this.connectNow(), delay);
  }

  private meterAttempt(status: "success" | "error" | "timeout"): void {
    const seconds = (this.options.clock.now() - this.attemptStartedMs) / 1000;
    this.options.metrics.ibkrOperation("connect", status, seconds);
  }

  private closeSession(): void {
    this.session?.dispose();
    this.session = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: ConnectionState): void {
    if (this.current.state === state) return;
    this.current = this.snapshot(state, this.current.reconnects, this.current.lastError);
    this.emit("state", this.status());
  }

  private snapshot(state: ConnectionState, reconnects: number, lastError: string | null): ConnectionStatus {
    return { state, since: new Date(this.options.clock.now()).toISOString(), reconnects, lastError };
  }
}
