// What the broker does on every transition to ready: rebuild the order
// registry from the broker's open orders, recover executions missed while away (the tracker reports them as fill
// events), and reload positions. Nothing is ever re-sent; the report tells the caller what was found.
import { averagePrice, contractDisplaySymbol } from "./account/positions.js";
import type { PortfolioFetcher } from "./account/portfolio-snapshot.js";
import type { ReadyContext } from "./connection-status.js";
import type { OrderService } from "./orders/order-service.js";

export interface ResyncPosition {
  accountId: string;
  symbol: string;
  conId: number;
  quantity: number;
  /** Per unit (derivatives divided by their multiplier), as in GET /account/positions. */
  avgPrice: number;
}

export interface ResyncReport {
  reason: ReadyContext["reason"];
  /** True after notice 1101: the broker dropped its market-data subscriptions. */
  dataLost: boolean;
  /** Working orders at the broker (every API client), now in the registry. */
  openOrders: number;
  /** Executions the gateway had not seen before: fills made while it was away, each also emitted as a fill. */
  recoveredFills: number;
  /** Positions of every account the broker reports, as of the resync. */
  positions: ResyncPosition[];
}

export async function resync(
  orders: OrderService,
  portfolio: PortfolioFetcher,
  context: Pick<ReadyContext, "reason" | "dataLost">,
): Promise<ResyncReport> {
  const { openOrders, recoveredFills } = await orders.resync();
  const rows = await portfolio.fetchPositions();
  const positions = rows.map((row) => ({
    accountId: row.account,
    symbol: contractDisplaySymbol(row.contract),
    conId: row.contract.conId ?? 0,
    quantity: row.quantity,
    avgPrice: averagePrice(row.avgCost, row.contract.multiplier),
  }));
  return { reason: context.reason, dataLost: context.dataLost, openOrders, recoveredFills, positions };
}
