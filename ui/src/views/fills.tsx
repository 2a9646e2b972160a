// Executions from the stream's fills topic: the last 24 hours are replayed on login, new ones arrive live.
import { fmtMoney, fmtQty, fmtTime } from "../format";
import type { Live } from "../live";

export function FillsView({ live }: { live: Live }) {
  return (
    <section aria-labelledby="view-title">
      {live.fills.length === 0 ? (
        <p>No fills in the last 24 hours.</p>
      ) : (
        <table data-testid="fills">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Order</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col" class="num">
                Quantity
              </th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                Commission
              </th>
              <th scope="col">Exec id</th>
            </tr>
          </thead>
          <tbody>
            {live.fills.map((f) => (
              <tr key={f.execId}>
                <td>{fmtTime(f.time)}</td>
                <td>{f.orderId}</td>
                <th scope="row">{f.symbol}</th>
                <td>{f.side}</td>
                <td class="num">{fmtQty(f.quantity)}</td>
                <td class="num">{fmtMoney(f.price)}</td>
                <td class="num">{fmtMoney(f.commission)}</td>
                <td>
                  <code>{f.execId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
