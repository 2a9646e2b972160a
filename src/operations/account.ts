// Read-only account operations: summary, positions and P&L of a managed account.
import { z } from "zod";
import { AccountPnl, AccountSummary, PositionsResponse, strictObject } from "../domain/index.js";
import { defineOperation } from "./operation.js";

const accountId = z
  .string()
  .trim()
  .min(1)
  .optional()
  .describe("Managed account id, e.g. DU1234567; default: the first managed account");
const accountQuery = strictObject({ account_id: accountId });

export const getAccountSummary = defineOperation({
  name: "get_account_summary",
  summary: "Net liquidation, cash, buying power and margin of an account",
  input: accountQuery,
  output: AccountSummary,
  needsBroker: true,
  run: ({ broker }, input) => broker.account.summary(input.account_id ?? null),
});

export const getPositions = defineOperation({
  name: "get_positions",
  summary: "Open positions of an account with market values and P&L",
  input: accountQuery,
  output: PositionsResponse,
  needsBroker: true,
  run: ({ broker }, input) => broker.account.positions(input.account_id ?? null),
});

export const getPnl = defineOperation({
  name: "get_pnl",
  summary: "Realized and unrealized P&L of an account, in total and per symbol",
  input: strictObject({
    account_id: accountId,
    timeframe: z.string().optional().describe("CURRENT (default), INTRADAY or 1D; case-insensitive"),
  }),
  output: AccountPnl,
  needsBroker: true,
  run: ({ broker }, input) => broker.account.pnl(input.account_id ?? null, input.timeframe ?? null),
});
