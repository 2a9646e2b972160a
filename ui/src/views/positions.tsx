// Positions of the managed account, reloaded on every fill and every few seconds.
import type { Api } from "../api";
import { fmtMoney, fmtQty, signClass } from "../format";
import { useLoad } from "../hooks";
import type { Live } from "../live";
import type { Position } from "../models";

export function PositionsView({ api, live }: { api: Api; live: Live }) {
  const { data, error } = useLoad(
    () => api.get<{ accountId: string; positions: Position[] }>("/account/positions"),
    live.orderTick,
    5000,
  );
  return (
    <section aria-labelledby="view-title">
      {error !== null && <p class="error">{error}</p>}
      {data && data.positions.length === 0 && <p>No positions in {data.accountId}.</p>}
      {data && data.positions.length > 0 && (
        <table data-testid="positions">
          <caption>Account {data.accountId}</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Class</th>
              <th scope="col" class="num">
                Quantity
              </th>
              <th scope="col" class="num">
                Avg price
              </th>
              <th scope="col" class="num">
                Market price
              </th>
              <th scope="col" class="num">
                Market value
              </th>
              <th scope="col" class="num">
                Unrealized
              </th>
              <th scope="col" class="num">
                Realized
              </th>
            </tr>
          </thead>
          <tbody>
            {data.positions.map((p) => (
              <tr key={`${p.accountId}-${p.symbol}`}>
                <th scope="row">{p.symbol}</th>
                <td>{p.assetClass}</td>
                <td class="num">{fmtQty(p.quantity)}</td>
                <td class="num">{fmtMoney(p.avgPrice)}</td>
                <td class="num">{fmtMoney(p.marketPrice)}</td>
                <td class="num">{fmtMoney(p.marketValue)}</td>
                <td class={`num ${signClass(p.unrealizedPnl)}`}>{fmtMoney(p.unrealizedPnl)}</td>
                <td class={`num ${signClass(p.realizedPnl)}`}>{fmtMoney(p.realizedPnl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
