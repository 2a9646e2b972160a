// The account part of the broker: summary, positions and P&L for a managed account.
// It keeps no state between calls, except the standing P&L subscriptions (pnl-watch.ts); the serialising portfolio
// fetcher is shared with the resync.
import { parsePnlTimeframe, type AccountPnl, type AccountSummary, type PositionsResponse } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import type { BrokerLogger, Clock } from "../hooks.js";
import { resolveAccountId } from "./account-id.js";
import { requestAccountSummary } from "./account-summary.js";
import { requestAccountPnl, requestPositionPnl } from "./pnl.js";
import { buildAccountPnl, type PositionPnl } from "./pnl-values.js";
import { PnlWatches, type PnlListener } from "./pnl-watch.js";
import type { PortfolioFetcher } from "./portfolio-snapshot.js";
import { buildPositions, contractDisplaySymbol } from "./positions.js";

export interface AccountDeps {
  connection: Connection;
  clock: Clock;
  logger: BrokerLogger;
  timeoutMs: number;
  /** Shared with the resync after a reconnect: positions and portfolio streams must not interleave. */
  portfolio: PortfolioFetcher;
}

export class AccountService {
  private readonly portfolio: PortfolioFetcher;
  private readonly watches: PnlWatches;

  constructor(private readonly deps: AccountDeps) {
    this.portfolio = deps.portfolio;
    this.watches = new PnlWatches(deps.connection, deps.logger);
  }

  /** The requested account if managed (404 otherwise), or the default account. */
  accountId(requested?: string | null): string {
    this.deps.connection.requireReady();
    return resolveAccountId(requested, this.deps.connection.managedAccounts);
  }

  async summary(accountId?: string | null): Promise<AccountSummary> {
    return requestAccountSummary(this.deps, this.accountId(accountId));
  }

  async positions(accountId?: string | null): Promise<PositionsResponse> {
    const id = this.accountId(accountId);
    return buildPositions(id, await this.portfolio.fetch(id));
  }

  /**
   * Standing account P&L subscription (reqPnL kept open, re-sent after every reconnect or restore); `accountId`
   * null = the default account. Does not wait for the broker; returns the function that cancels it.
   */
  watchPnl(accountId: string | null, listener: PnlListener): () => void {
    return this.watches.watch(accountId, listener);
  }

  async pnl(accountId?: string | null, timeframe?: string | null): Promise<AccountPnl> {
    const parsed = parsePnlTimeframe(timeframe);
    const id = this.accountId(accountId);
    const { connection, timeoutMs } = this.deps;
    const snapshot = await this.portfolio.fetch(id);
    const positions = await Promise.all(
      snapshot.positions.map(async (row): Promise<PositionPnl> => {
        const conId = row.contract.conId ?? 0;
        return {
          symbol: contractDisplaySymbol(row.contract),
          conId,
          currency: row.contract.currency || "USD",
          figures: await requestPositionPnl(connection, id, conId, timeoutMs),
          basis: row.quantity === 0 ? null : row.avgCost * row.quantity,
        };
      }),
    );
    const account = await requestAccountPnl(connection, id, timeoutMs);
    const currency = snapshot.baseCurrency ?? "USD";
    return buildAccountPnl({
      accountId: id,
      currency,
      timeframe: parsed,
      account,
      positions,
      nowMs: this.deps.clock.now(),
    });
  }
}
