// `watch orders` and `watch pnl`: the durable topics of GET /events (resumed by seq after a drop) turned into a table
// of the latest state and notices for fills and connection gaps. P&L has no durable topic: it is read from
// GET /account/pnl at start, after each fill and every --interval seconds, and printed as `pnl.snapshot`.
import type { GatewayEnvelope } from "../../mcp/index.js";
import { watchEnvelope } from "./output.js";
import type { WatchSession } from "./session.js";

type Data = Record<string, unknown>;

const ORDER_HEADER = ["ORDER", "SYMBOL", "SIDE", "STATUS", "FILLED", "REMAINING", "AVG FILL", "BROKER STATUS"];
const FINAL = new Set(["FILLED", "CANCELLED", "REJECTED", "EXPIRED", "SIMULATED"]);

/** A line for the notices of the events every watcher shows: gaps in the broker connection and in the stream. */
export function gapNotice(e: GatewayEnvelope): string | null {
  const d = e.data;
  switch (e.type) {
    case "connection.lost":
      return `broker connection lost: ${String(d["reason"] ?? "")}`;
    case "connection.restored":
      return `broker connection restored (via ${String(d["via"])}${d["dataLost"] === true ? ", market data lost" : ""})`;
    case "stream.gap":
      return `events lost: resumed after seq ${String(d["after"])}, oldest kept is ${String(d["firstAvailableSeq"])}`;
    case "error":
      return `stream error: ${String(d["code"])} ${String(d["message"])}`;
    case "kill-switch.changed":
      return `kill switch ${d["active"] === true ? "ON" : "off"} (${String(d["source"])}): ${String(d["reason"] ?? "")}`;
    default:
      return null;
  }
}

export async function watchOrders(session: WatchSession, after: number | undefined): Promise<void> {
  const orders = new Map<string, Data>();
  const redraw = () =>
    session.out.rows(
      ORDER_HEADER,
      [...orders.values()].map((o) => [
        o["orderId"],
        o["symbol"],
        o["side"],
        o["status"],
        o["filledQuantity"],
        o["remainingQuantity"],
        o["avgFillPrice"],
        o["brokerStatus"],
      ]),
    );
  const open = await session.get("/orders/open");
  if (Array.isArray(open)) for (const o of open as Data[]) orders.set(String(o["orderId"]), o);
  redraw();
  session.follow(["orders", "fills", "connection", "trading-status"], after, (e) => {
    const notice = gapNotice(e);
    if (notice !== null) session.out.notice(notice);
    const id = String(e.data["orderId"] ?? "");
    if (e.type === "order.status") {
      orders.set(id, { ...orders.get(id), ...e.data });
      if (FINAL.has(String(e.data["status"]))) session.out.notice(`order ${id} ${String(e.data["status"])}`);
      redraw();
    } else if (e.type === "order.fill") {
      const d = e.data;
      const fill = `${String(d["side"])} ${String(d["quantity"])} ${String(d["symbol"])} @ ${String(d["price"])}`;
      session.out.notice(`fill ${id}: ${fill}`);
    }
  });
}

const PNL_HEADER = ["SYMBOL", "REALIZED", "UNREALIZED", "REALIZED TODAY", "UNREALIZED TODAY"];

export async function watchPnl(
  session: WatchSession,
  options: { account?: string; intervalSec: number },
): Promise<void> {
  const path = `/account/pnl${options.account === undefined ? "" : `?account_id=${encodeURIComponent(options.account)}`}`;
  let reading = false;
  const refresh = async () => {
    if (reading) return;
    reading = true;
    try {
      const pnl = (await session.get(path)) as Data | null;
      if (pnl === null) return;
      session.out.envelope({ ...watchEnvelope("pnl.snapshot", pnl), topic: "pnl" });
      const bySymbol = Object.values((pnl["bySymbol"] ?? {}) as Record<string, Data>);
      session.out.rows(PNL_HEADER, [
        ["TOTAL", pnl["realized"], pnl["unrealized"], null, null],
        ...bySymbol.map((p) => [p["symbol"], p["realized"], p["unrealized"], p["realizedToday"], p["unrealizedToday"]]),
      ]);
    } finally {
      reading = false;
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), options.intervalSec * 1000);
  timer.unref();
  session.follow(["fills", "connection"], undefined, (e) => {
    const notice = gapNotice(e);
    if (notice !== null) session.out.notice(notice);
    if (e.type === "order.fill") {
      session.out.notice(`fill: ${String(e.data["side"])} ${String(e.data["quantity"])} ${String(e.data["symbol"])}`);
      void refresh();
    }
    if (e.type === "connection.restored") void refresh();
  });
}
