// The broker adapter as the rest of the gateway sees it: one object with connection, contracts, market data,
// account and orders parts, built from explicit options. Wiring only; behaviour lives in the parts.
import { EventEmitter } from "node:events";
import type { ConnectionState, ResolvedContract, SymbolSpec } from "../domain/index.js";
import { AccountService } from "./account/account-service.js";
import { PortfolioFetcher } from "./account/portfolio-snapshot.js";
import type { ConnectionEvent, ConnectionStatus } from "./connection-status.js";
import { Connection } from "./connection.js";
import { sharedContractCache, type ContractCache } from "./contracts/contract-cache.js";
import { ContractResolver } from "./contracts/contract-resolver.js";
import { DEFAULT_PACING, type PacingOptions } from "./pacer.js";
import { nullMetrics, silentLogger, systemClock, type BrokerLogger, type BrokerMetrics, type Clock } from "./hooks.js";
import { MarketDataService } from "./market-data/market-data-service.js";
import type { FillEvent } from "./orders/fill-reporter.js";
import { OrderService } from "./orders/order-service.js";
import { OrderTracker, type OrderStatusEvent } from "./orders/order-tracker.js";
import { resync, type ResyncReport } from "./resync.js";
import { requestServerTime } from "./server-time.js";

export interface BrokerTimeouts {
  connectMs: number;
  contractDetailsMs: number;
  quoteMs: number;
  historicalMs: number;
  accountMs: number;
  ordersQueryMs: number;
}

/** Broker timeouts. */
export const DEFAULT_TIMEOUTS: BrokerTimeouts = {
  connectMs: 10_000,
  contractDetailsMs: 10_000,
  quoteMs: 10_000,
  historicalMs: 30_000,
  accountMs: 10_000,
  ordersQueryMs: 10_000,
};

export interface BrokerOptions {
  host: string;
  port: number;
  clientId: number;
  clock?: Clock;
  /** Jitter source for the reconnect backoff, values in [0, 1). */
  random?: () => number;
  /** Replaces the backoff schedule (tests use short delays). */
  backoffMs?: (attempt: number) => number;
  logger?: BrokerLogger;
  metrics?: BrokerMetrics;
  /** Defaults to the process-wide cache. */
  contractCache?: ContractCache;
  timeouts?: Partial<BrokerTimeouts>;
  /**
   * Data-request pacing; orders never wait but count. Default: a burst of 10, then 35 per second, so no second carries
   * more than 45 (IB allows 50 messages per second).
   */
  pacing?: Partial<PacingOptions>;
  /** Keep a streaming line open this long after a quote and answer warm quotes from it; 0 or omitted = off. */
  quoteStreamIdleMs?: number;
  /** Streaming lines held for warm quotes at most (default 50). */
  quoteStreamMaxLines?: number;
}

/** The connection as callers see it: state, lifecycle and events, nothing of the wire. */
export interface BrokerConnection {
  readonly state: ConnectionState;
  readonly managedAccounts: readonly string[];
  /** The first managed account, or null before the broker reported any. */
  readonly defaultAccount: string | null;
  status(): ConnectionStatus;
  waitUntilReady(timeoutMs: number): Promise<void>;
  serverTime(timeoutMs?: number): Promise<string | null>;
  /** Every state change; returns the unsubscribe function. */
  onStateChange(listener: (status: ConnectionStatus) => void): () => void;
  /** Connected, lost and restored (the audit store's CONNECTION rows); returns the unsubscribe function. */
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
}

export class Broker {
  readonly connection: BrokerConnection;
  readonly contracts: { resolve(spec: SymbolSpec, signal?: AbortSignal): Promise<ResolvedContract> };
  readonly marketData: MarketDataService;
  readonly account: AccountService;
  readonly orders: OrderService;
  private readonly conn: Connection;
  private readonly logger: BrokerLogger;
  private readonly tracker: OrderTracker;
  private readonly resyncs = new EventEmitter<{ resync: [ResyncReport] }>();
  private stopped = false;

  constructor(options: BrokerOptions) {
    const clock = options.clock ?? systemClock;
    const logger = (this.logger = options.logger ?? silentLogger);
    const metrics = options.metrics ?? nullMetrics;
    const t = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const conn = (this.conn = new Connection({
      host: options.host,
      port: options.port,
      clientId: options.clientId,
      clock,
      random: options.random ?? Math.random,
      logger,
      metrics,
      connectTimeoutMs: t.connectMs,
      backoffMs: options.backoffMs,
      pacing: { ...DEFAULT_PACING, ...options.pacing },
    }));
    // Real-time when entitled, delayed otherwise. Registered first, so on every ready it precedes each
    // market-data request of that session, streaming lines re-requested by the market-data part included.
    conn.onReady(({ session }) => session.pacer.data(() => session.api.reqMarketDataType(3)));
    const cache = options.contractCache ?? sharedContractCache;
    const resolver = new ContractResolver({ connection: conn, cache, clock, metrics, timeoutMs: t.contractDetailsMs });
    this.contracts = resolver;
    this.marketData = new MarketDataService({
      connection: conn,
      resolver,
      clock,
      logger,
      quoteTimeoutMs: t.quoteMs,
      historicalTimeoutMs: t.historicalMs,
      ...(options.quoteStreamIdleMs
        ? { heldLines: { idleMs: options.quoteStreamIdleMs, maxLines: options.quoteStreamMaxLines ?? 50 } }
        : {}),
    });
    const portfolio = new PortfolioFetcher(conn, t.accountMs);
    this.account = new AccountService({ connection: conn, clock, logger, timeoutMs: t.accountMs, portfolio });
    const tracker = (this.tracker = new OrderTracker(conn, clock));
    this.orders = new OrderService({ connection: conn, clock, logger, tracker, queryTimeoutMs: t.ordersQueryMs });
    this.connection = connectionView(conn, clock);
    conn.onReady(({ reason, dataLost }) => {
      resync(this.orders, portfolio, { reason, dataLost }).then(
        (report) => this.resyncs.emit("resync", report),
        (error: unknown) => {
          // Stopping the broker (a CLI command that is done) ends a resync still under way: nothing went wrong.
          if (!this.stopped) this.logger.warning("Resync after connect failed", { error, reason });
        },
      );
    });
  }

  /** Starts connecting in the background; never waits for the broker. */
  start(): void {
    this.stopped = false;
    this.conn.start();
  }

  /** Closes the connection, fails pending requests and reports executions still waiting for commissions. */
  stop(): void {
    this.stopped = true;
    this.marketData.stop();
    this.conn.stop();
    this.tracker.flushFills();
  }

  /** Each change of an order's mapped status; returns the unsubscribe function. */
  onOrderStatus(listener: (event: OrderStatusEvent) => void): () => void {
    this.tracker.on("status", listener);
    return () => this.tracker.off("status", listener);
  }

  /** Each execution, with its commission once reported (or null after 5 s); returns the unsubscribe function. */
  onFill(listener: (fill: FillEvent) => void): () => void {
    this.tracker.on("fill", listener);
    return () => this.tracker.off("fill", listener);
  }

  /**
   * Each completed resync after a connect, reconnect or 1101/1102 restore (open orders, recovered fills,
   * positions); a resync cut short by another outage is logged, not reported. Returns the unsubscribe function.
   */
  onResync(listener: (report: ResyncReport) => void): () => void {
    this.resyncs.on("resync", listener);
    return () => this.resyncs.off("resync", listener);
  }
}

function connectionView(conn: Connection, clock: Clock): BrokerConnection {
  return {
    get state() {
      return conn.state;
    },
    get managedAccounts() {
      return conn.managedAccounts;
    },
    get defaultAccount() {
      return conn.managedAccounts[0] ?? null;
    },
    status: () => conn.status(),
    waitUntilReady: (timeoutMs) => conn.waitUntilReady(timeoutMs),
    serverTime: (timeoutMs) => requestServerTime(conn, clock, timeoutMs),
    onStateChange: (listener) => {
      conn.on("state", listener);
      return () => conn.off("state", listener);
    },
    onConnectionEvent: (listener) => {
      conn.on("connection", listener);
      return () => conn.off("connection", listener);
    },
  };
}
