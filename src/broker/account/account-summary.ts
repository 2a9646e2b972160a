// The account summary: subscribe, collect rows until the end marker (10 s), always cancel.
// Tag mapping is a table; values that do not parse are skipped with a warning.
import { EventName } from "@stoqey/ib";
import { GatewayError, type AccountSummary } from "../../domain/index.js";
import type { Connection } from "../connection.js";
import { classifyAccountError } from "../error-classification.js";
import type { BrokerLogger, Clock } from "../hooks.js";
import { listenWhilePending } from "../listen.js";
import { sameId } from "../request-id.js";

type SummaryField = "netLiquidation" | "cash" | "buyingPower" | "marginExcess" | "maintenanceMargin" | "initialMargin";

const FIELD_BY_TAG: Readonly<Record<string, SummaryField>> = {
  NetLiquidation: "netLiquidation",
  TotalCashValue: "cash",
  BuyingPower: "buyingPower",
  ExcessLiquidity: "marginExcess",
  MaintMarginReq: "maintenanceMargin",
  InitMarginReq: "initialMargin",
};

export interface SummaryRow {
  tag: string;
  value: string;
  currency: string;
}

/** Pure: rows of one account → AccountSummary; null when the account reported no rows at all. */
export function buildAccountSummary(
  accountId: string,
  rows: readonly SummaryRow[],
  nowMs: number,
  logger: BrokerLogger,
): AccountSummary | null {
  if (rows.length === 0) return null;
  const summary: AccountSummary = {
    accountId,
    currency: "USD",
    netLiquidation: 0,
    cash: 0,
    buyingPower: 0,
    marginExcess: 0,
    maintenanceMargin: 0,
    initialMargin: 0,
    timestamp: new Date(nowMs).toISOString(),
  };
  for (const row of rows) {
    const field = FIELD_BY_TAG[row.tag];
    if (!field) continue;
    const value = Number(row.value);
    if (row.value.trim() === "" || !Number.isFinite(value)) {
      logger.warning("Skipping unparsable account summary value", { tag: row.tag, value: row.value });
      continue;
    }
    summary[field] = value;
    if (row.tag === "NetLiquidation" && row.currency) summary.currency = row.currency;
  }
  return summary;
}

export interface SummaryDeps {
  connection: Connection;
  clock: Clock;
  logger: BrokerLogger;
  timeoutMs: number;
}

/** One summary subscription at a time per connection: concurrent callers share it (TWS allows two; error 322). */
const inFlight = new WeakMap<Connection, Promise<AccountRow[]>>();

interface AccountRow extends SummaryRow {
  account: string;
}

export async function requestAccountSummary(deps: SummaryDeps, accountId: string): Promise<AccountSummary> {
  const all = await sharedSummaryRows(deps);
  const rows = all.filter((row) => row.account === accountId);
  const summary = buildAccountSummary(accountId, rows, deps.clock.now(), deps.logger);
  if (!summary) {
    throw new GatewayError("ACCOUNT_ERROR", `Account error: No account summary values found for account ${accountId}`);
  }
  return summary;
}

function sharedSummaryRows(deps: SummaryDeps): Promise<AccountRow[]> {
  const running = inFlight.get(deps.connection);
  if (running) return running;
  const started = fetchSummaryRows(deps);
  inFlight.set(deps.connection, started);
  const clear = (): void => {
    if (inFlight.get(deps.connection) === started) inFlight.delete(deps.connection);
  };
  started.then(clear, clear);
  return started;
}

/** Every account's rows: subscribe, collect until the end marker (10 s), always cancel. */
function fetchSummaryRows(deps: SummaryDeps): Promise<AccountRow[]> {
  const { connection } = deps;
  const session = connection.requireReady();
  const rows: AccountRow[] = [];
  const request = connection.registry.start<AccountRow[]>({
    operation: "account summary",
    metric: "account_summary",
    timeoutMs: deps.timeoutMs,
    classify: classifyAccountError,
  });
  const onRow = (reqId: number, account: string, tag: string, value: string, currency: string): void => {
    if (sameId(reqId, request.id)) rows.push({ account, tag, value, currency });
  };
  const onEnd = (reqId: number): void => {
    if (sameId(reqId, request.id)) request.resolve(rows);
  };
  listenWhilePending(request, connection.events, [
    [EventName.accountSummary, onRow],
    [EventName.accountSummaryEnd, onEnd],
  ]);
  request.onSettle(() => {
    // Never leave the subscription open: TWS allows only two at a time.
    session.sendAfterAnswer(() => session.api.cancelAccountSummary(request.id));
  });
  const tags = Object.keys(FIELD_BY_TAG).join(",");
  session.pacer.data(() => session.api.reqAccountSummary(request.id, "All", tags));
  return request.promise;
}
