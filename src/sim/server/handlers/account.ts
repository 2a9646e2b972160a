// Account summary, positions, account updates and their multi-account variants
//). Figures come from the engine; this decides which rows go out and when.

import { LEDGER_KEYS, type PortfolioView, type PositionView } from "../../engine/index.js";
import type { Connection } from "../connection.js";
import type { HandlerTable, RequestOf, SimContext } from "../context.js";
import { contractOf } from "../wire-mapping.js";
import { TWS_ZONE, formatZoned } from "../wire-time.js";
import { RowMemory, streamAccount } from "./account-stream.js";

/** Real TWS allows two account-summary subscriptions at a time; the third gets 322. */
const MAX_ACCOUNT_SUMMARIES = 2;
const POSITIONS_KEY = "positions";
const ACCOUNT_UPDATES_KEY = "acct";
const byConId = (row: { instrument: { conId: number } }) => String(row.instrument.conId);

/**
 * The currencies a `$LEDGER` tag asks for: `$LEDGER` BASE only, `$LEDGER:ALL` every currency, `$LEDGER:<CUR>` that
 * one; undefined for any other tag.
 */
function ledgerCurrencies(tag: string): ((currency: string) => boolean) | undefined {
  const [head, currency] = tag.toUpperCase().split(":");
  if (head !== "$LEDGER") return undefined;
  if (currency === undefined || currency === "") return (c) => c === "BASE";
  return currency === "ALL" ? () => true : (c) => c === currency;
}

function summaryRows(ctx: SimContext, tags: readonly string[]) {
  // IBKR's Python tag list spells two tags ReqT…; TWS answers with the RegT… rows.
  const wanted = new Set(tags.map((t) => t.replace(/^ReqT/, "RegT")));
  const rows = ctx.engine.accountSummary().filter((row) => wanted.has(row.tag));
  const ledgers = tags.map(ledgerCurrencies).filter((f) => f !== undefined);
  if (ledgers.length === 0) return rows;
  const ledger = ctx.engine
    .accountValues()
    .filter((v) => LEDGER_KEYS.has(v.key) && ledgers.some((wants) => wants(v.currency)));
  return [...rows, ...ledger.map((v) => ({ tag: v.key, value: v.value, currency: v.currency }))];
}

function reqAccountSummary(c: Connection, r: RequestOf<"reqAccountSummary">, ctx: SimContext): void {
  if (c.subscriptions.keys("summary:").length >= MAX_ACCOUNT_SUMMARIES) {
    c.error(
      r.reqId,
      322,
      "Error processing request.-'bb' : cause - Maximum number of account summary requests exceeded",
    );
    return;
  }
  for (const row of summaryRows(ctx, r.tags))
    c.send({ type: "accountSummary", reqId: r.reqId, account: ctx.account, ...row });
  c.send({ type: "accountSummaryEnd", reqId: r.reqId });
  c.subscriptions.add(`summary:${r.reqId}`, () => undefined);
}

/** All positions, POSITION_END, then a POSITION_DATA per change; a closed position is reported as 0. */
function reqPositions(c: Connection, ctx: SimContext): void {
  const memory = new RowMemory<PositionView>();
  let first = true;
  const send = (p: PositionView) =>
    c.send({
      type: "position",
      account: ctx.account,
      contract: contractOf(p.instrument),
      position: p.position,
      avgCost: p.avgCost,
    });
  streamAccount(c, ctx, POSITIONS_KEY, () => {
    const rows = ctx.engine.positions();
    for (const gone of memory.vanished(rows, byConId)) send({ ...gone, position: 0, avgCost: 0 });
    for (const p of memory.fresh(rows, byConId)) send(p);
    if (first) c.send({ type: "positionEnd" });
    first = false;
  });
}

function sendPortfolio(c: Connection, ctx: SimContext, p: PortfolioView): void {
  c.send({
    type: "portfolioValue",
    contract: contractOf(p.instrument, p.instrument.primaryExchange),
    position: p.position,
    marketPrice: p.marketPrice,
    marketValue: p.marketValue,
    averageCost: p.avgCost,
    unrealizedPnl: p.unrealizedPnl,
    realizedPnl: p.realizedPnl,
    account: ctx.account,
  });
}

/**
 * Account values and portfolio, ACCT_UPDATE_TIME, ACCT_DOWNLOAD_END, then changed rows until unsubscribed. TWS keeps
 * one such subscription for all API clients: a client that loses it to another is told with notice 2100.
 */
function subscribeAccountUpdates(c: Connection, ctx: SimContext): void {
  for (const other of ctx.connections()) {
    if (other !== c && other.subscriptions.remove(ACCOUNT_UPDATES_KEY)) {
      other.error(-1, 2100, "New account data requested from TWS. API client has been unsubscribed from account data.");
    }
  }
  const values = new RowMemory<{ key: string; value: string; currency: string }>();
  const portfolio = new RowMemory<PortfolioView>();
  let first = true;
  streamAccount(c, ctx, ACCOUNT_UPDATES_KEY, () => {
    for (const v of values.fresh(ctx.engine.accountValues(), (v) => `${v.key}:${v.currency}`)) {
      c.send({ type: "accountValue", ...v, account: ctx.account });
    }
    const rows = ctx.engine.portfolio();
    for (const gone of portfolio.vanished(rows, byConId)) {
      sendPortfolio(c, ctx, { ...gone, position: 0, marketValue: 0, unrealizedPnl: 0 });
    }
    for (const p of portfolio.fresh(rows, byConId)) sendPortfolio(c, ctx, p);
    c.send({ type: "accountUpdateTime", time: formatZoned(ctx.clock.now(), TWS_ZONE).slice(9, 14) });
    if (first) c.send({ type: "accountDownloadEnd", account: ctx.account });
    first = false;
  });
}

export const ACCOUNT_HANDLERS: HandlerTable<
  | "reqAccountSummary"
  | "cancelAccountSummary"
  | "reqPositions"
  | "cancelPositions"
  | "reqAcctData"
  | "reqAccountUpdatesMulti"
  | "cancelAccountUpdatesMulti"
  | "reqPositionsMulti"
  | "cancelPositionsMulti"
> = {
  reqAccountSummary,
  cancelAccountSummary: (c, r) => void c.subscriptions.remove(`summary:${r.reqId}`),
  reqPositions: (c, _r, ctx) => reqPositions(c, ctx),
  cancelPositions: (c) => void c.subscriptions.remove(POSITIONS_KEY),
  reqAcctData: (c, r, ctx) => {
    if (r.subscribe) subscribeAccountUpdates(c, ctx);
    else c.subscriptions.remove(ACCOUNT_UPDATES_KEY);
  },
  reqAccountUpdatesMulti: (c, r, ctx) => {
    for (const v of ctx.engine.accountValues()) {
      c.send({ type: "accountUpdateMulti", reqId: r.reqId, account: ctx.account, modelCode: r.modelCode, ...v });
    }
    c.send({ type: "accountUpdateMultiEnd", reqId: r.reqId });
  },
  cancelAccountUpdatesMulti: () => undefined,
  reqPositionsMulti: (c, r, ctx) => {
    for (const p of ctx.engine.positions()) {
      const contract = contractOf(p.instrument);
      c.send({
        type: "positionMulti",
        reqId: r.reqId,
        account: ctx.account,
        contract,
        position: p.position,
        avgCost: p.avgCost,
        modelCode: r.modelCode,
      });
    }
    c.send({ type: "positionMultiEnd", reqId: r.reqId });
  },
  cancelPositionsMulti: () => undefined,
};
