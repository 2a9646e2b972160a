// Working orders; a trade key may cancel each one.
import { useState } from "preact/hooks";
import { errorText, type Api } from "../api";
import { fmtMoney, fmtQty } from "../format";
import { useLoad } from "../hooks";
import type { Live } from "../live";
import type { OpenOrder } from "../models";

export function OrdersView({ api, live, canTrade }: { api: Api; live: Live; canTrade: boolean }) {
  const orders = useLoad(() => api.get<OpenOrder[]>("/orders/open"), live.orderTick, 5000);
  const [message, setMessage] = useState<string>("");
  const [busy, setBusy] = useState<string | null>(null);

  const cancel = async (order: OpenOrder) => {
    setBusy(order.orderId);
    try {
      const result = await api.post<{ status: string; message: string | null }>(
        `/orders/${encodeURIComponent(order.orderId)}/cancel`,
      );
      setMessage(
        `Order ${order.orderId} (${order.symbol}): ${result.status}${result.message ? ` — ${result.message}` : ""}`,
      );
      orders.reload();
    } catch (err) {
      setMessage(`Cancel of order ${order.orderId} failed: ${errorText(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const list = orders.data ?? [];
  return (
    <section aria-labelledby="view-title">
      <p role="status" class="status">
        {message}
      </p>
      {orders.error !== null && <p class="error">{orders.error}</p>}
      {orders.data && list.length === 0 && <p data-testid="no-orders">No open orders.</p>}
      {list.length > 0 && (
        <table data-testid="open-orders">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Type</th>
              <th scope="col" class="num">
                Quantity
              </th>
              <th scope="col" class="num">
                Filled
              </th>
              <th scope="col" class="num">
                Limit
              </th>
              <th scope="col" class="num">
                Stop
              </th>
              <th scope="col">Status</th>
              {canTrade && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={o.orderId} data-order-id={o.orderId}>
                <th scope="row">{o.orderId}</th>
                <td>{o.symbol}</td>
                <td>{o.side}</td>
                <td>{o.orderType}</td>
                <td class="num">{fmtQty(o.quantity)}</td>
                <td class="num">{fmtQty(o.filledQuantity)}</td>
                <td class="num">{fmtMoney(o.limitPrice)}</td>
                <td class="num">{fmtMoney(o.stopPrice)}</td>
                <td>{o.status}</td>
                {canTrade && (
                  <td>
                    <button
                      type="button"
                      disabled={busy === o.orderId}
                      aria-label={`Cancel order ${o.orderId} ${o.side} ${o.quantity} ${o.symbol}`}
                      onClick={() => void cancel(o)}
                    >
                      Cancel
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
