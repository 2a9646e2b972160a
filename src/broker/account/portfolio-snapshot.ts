// Fetches positions (until the end marker) and the account's portfolio values (subscribe until the download-end
// marker, then unsubscribe), one fetch at a time: neither broker stream carries a request id to tell two fetches of
// it apart.
import { EventName, type Contract } from "@stoqey/ib";
import type { Connection } from "../connection.js";
import type { PendingRequest } from "../request-registry.js";
import { listenWhilePending } from "../listen.js";

export interface PositionRow {
  account: string;
  contract: Contract;
  quantity: number;
  avgCost: number;
}

export interface PortfolioRow {
  contract: Contract;
  marketPrice: number;
  marketValue: number;
  unrealizedPnl: number;
  realizedPnl: number;
}

export interface PortfolioSnapshot {
  positions: PositionRow[];
  portfolio: PortfolioRow[];
  /** Currency reported with NetLiquidation (the account's base currency), null when not reported. */
  baseCurrency: string | null;
}

export class PortfolioFetcher {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly timeoutMs: number,
  ) {}

  /** Serialised: a second caller waits for the first fetch instead of mixing its rows in. */
  fetch(accountId: string): Promise<PortfolioSnapshot> {
    const run = this.queue.then(() => this.fetchNow(accountId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Positions of every account the broker reports, serialised with the portfolio fetches. */
  fetchPositions(): Promise<PositionRow[]> {
    const run = this.queue.then(() => this.positions());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Both streams at once (they are different messages, so one round trip instead of two); the fetch ends when both
   * have settled, so neither overlaps the next fetch's stream of its kind.
   */
  private async fetchNow(accountId: string): Promise<PortfolioSnapshot> {
    const [positions, updates] = await Promise.allSettled([this.positions(), this.accountUpdates(accountId)]);
    if (positions.status === "rejected") throw positions.reason;
    if (updates.status === "rejected") throw updates.reason;
    const { portfolio, baseCurrency } = updates.value;
    return { positions: positions.value.filter((p) => p.account === accountId), portfolio, baseCurrency };
  }

  private positions(): Promise<PositionRow[]> {
    const session = this.connection.requireReady();
    const rows: PositionRow[] = [];
    const request = this.start<PositionRow[]>();
    const onRow = (account: string, contract: Contract, quantity: number, avgCost?: number): void => {
      rows.push({ account, contract, quantity, avgCost: avgCost ?? 0 });
    };
    const onEnd = (): void => request.resolve(rows);
    listenWhilePending(request, this.connection.events, [
      [EventName.position, onRow],
      [EventName.positionEnd, onEnd],
    ]);
    request.onSettle(() => {
      if (!session.isDisposed) session.pacer.data(() => session.api.cancelPositions());
    });
    session.pacer.data(() => session.api.reqPositions());
    return request.promise;
  }

  private accountUpdates(accountId: string): Promise<Omit<PortfolioSnapshot, "positions">> {
    const session = this.connection.requireReady();
    const portfolio: PortfolioRow[] = [];
    let baseCurrency: string | null = null;
    const request = this.start<Omit<PortfolioSnapshot, "positions">>();
    const onValue = (key: string, _value: string, currency: string, account: string): void => {
      if (key === "NetLiquidation" && account === accountId && currency) baseCurrency = currency;
    };
    const onPortfolio = (
      contract: Contract,
      _pos: number,
      marketPrice: number,
      marketValue: number,
      _avg?: number,
      unrealizedPnl?: number,
      realizedPnl?: number,
      account?: string,
    ): void => {
      if (account !== undefined && account !== accountId) return;
      portfolio.push({
        contract,
        marketPrice,
        marketValue,
        unrealizedPnl: unrealizedPnl ?? 0,
        realizedPnl: realizedPnl ?? 0,
      });
    };
    const onEnd = (account: string): void => {
      if (account === accountId) request.resolve({ portfolio, baseCurrency });
    };
    listenWhilePending(request, this.connection.events, [
      [EventName.updateAccountValue, onValue],
      [EventName.updatePortfolio, onPortfolio],
      [EventName.accountDownloadEnd, onEnd],
    ]);
    request.onSettle(() => {
      if (!session.isDisposed) session.pacer.data(() => session.api.reqAccountUpdates(false, accountId));
    });
    session.pacer.data(() => session.api.reqAccountUpdates(true, accountId));
    return request.promise;
  }

  private start<T>(): PendingRequest<T> {
    return this.connection.registry.start<T>({
      operation: "positions",
      metric: "positions",
      timeoutMs: this.timeoutMs,
    });
  }
}
