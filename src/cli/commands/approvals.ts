// `ibkr-gateway approvals list|show|approve|reject`: an admin's side of orders that wait for approval. It talks to
// the running gateway's REST API (approving sends the order, which needs the gateway's broker session) with a key
// that has the admin scope: API_KEY, or the key in --key-file.
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { APPROVAL_STATUSES, type Approval, type OrderResult } from "../../domain/index.js";
import { CliExit, globalOptions, requireConfig } from "../config.js";
import { callGateway, gatewayTarget, type GatewayTarget, type TargetOptions } from "../gateway-client.js";
import { fail, ok, printError, printFields, printJson, printTable } from "../output.js";

const TARGET_HELP =
  "\nThe command talks to the running gateway (default http://API_HOST:API_PORT) with API_KEY, or with the key " +
  "stored in --key-file (a named key with the admin scope).";

export function registerApprovals(program: Command): void {
  const approvals = program
    .command("approvals")
    .description("list, approve or reject orders waiting for approval (admin key; talks to the running gateway)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ ibkr-gateway approvals list\n  $ ibkr-gateway approvals approve apr_3q2-7wEvGzJ1cH0Xk9bUaQ\n" +
        '  $ ibkr-gateway approvals reject apr_3q2-7wEvGzJ1cH0Xk9bUaQ --reason "too large"' +
        TARGET_HELP,
    );

  const list = withTarget(approvals.command("list").description("approvals, newest first (default: pending only)"))
    .addOption(
      new Option("--status <status>", "only this status").choices([...APPROVAL_STATUSES, "ALL"]).default("PENDING"),
    )
    .option("--limit <n>", "at most this many (1-1000)", parseLimit, 100);
  list.addHelpText(
    "after",
    "\nExamples:\n  $ ibkr-gateway approvals list\n  $ ibkr-gateway approvals list --status ALL --limit 20\n" +
      "  $ ibkr-gateway --json approvals list --key-file ~/.ibkr/admin.key" +
      TARGET_HELP,
  );
  list.action((o: TargetOptions & { status: string; limit: number }) =>
    run(list, o, async (target, json) => {
      const query = new URLSearchParams({
        limit: String(o.limit),
        ...(o.status === "ALL" ? {} : { status: o.status }),
      });
      const { approvals: found } = await callGateway<{ approvals: Approval[] }>(target, "GET", `/approvals?${query}`);
      if (json) return printJson(found);
      if (found.length === 0)
        return console.log(`No ${o.status === "ALL" ? "" : `${o.status.toLowerCase()} `}approvals.`);
      printTable(
        ["APPROVAL", "STATUS", "ORDER", "CLIENT ORDER ID", "BY", "EXPIRES"],
        found.map((a) => [a.approvalId, a.status, orderText(a), a.clientOrderId, a.requestedBy, a.expiresAt]),
      );
    }),
  );

  const show = withTarget(
    approvals.command("show <approvalId>").description("one approval with its preview and outcome"),
  );
  show.addHelpText("after", "\nExample:\n  $ ibkr-gateway approvals show apr_3q2-7wEvGzJ1cH0Xk9bUaQ" + TARGET_HELP);
  show.action((id: string, o: TargetOptions) =>
    run(show, o, async (target, json) => {
      const a = await callGateway<Approval>(target, "GET", `/approvals/${encodeURIComponent(id)}`);
      if (json) return printJson(a);
      printApproval(a);
    }),
  );

  const approve = withTarget(
    approvals.command("approve <approvalId>").description("approve: the gateway sends the order through its send gate"),
  );
  approve.addHelpText(
    "after",
    "\nExample:\n  $ ibkr-gateway approvals approve apr_3q2-7wEvGzJ1cH0Xk9bUaQ" + TARGET_HELP,
  );
  approve.action((id: string, o: TargetOptions) =>
    run(approve, o, async (target, json) => {
      const path = `/approvals/${encodeURIComponent(id)}/approve`;
      const answer = await callGateway<{ approval: Approval; order: OrderResult }>(target, "POST", path, {});
      if (json) printJson(answer);
      else if (answer.approval.status === "FAILED")
        fail(`Approved, but not sent: ${answer.approval.reason ?? "refused"}`);
      else console.log(ok(`Approved ${id}: order ${answer.order.clientOrderId} ${sentText(answer.order)}`));
      if (answer.approval.status === "FAILED") throw new CliExit(1);
    }),
  );

  const reject = withTarget(
    approvals.command("reject <approvalId>").description("reject: the order is never sent"),
  ).option("--reason <text>", "why, for the audit log and the agent");
  reject.addHelpText(
    "after",
    '\nExample:\n  $ ibkr-gateway approvals reject apr_3q2-7wEvGzJ1cH0Xk9bUaQ --reason "not during earnings"' +
      TARGET_HELP,
  );
  reject.action((id: string, o: TargetOptions & { reason?: string }) =>
    run(reject, o, async (target, json) => {
      const path = `/approvals/${encodeURIComponent(id)}/reject`;
      const body = o.reason === undefined ? {} : { reason: o.reason };
      const answer = await callGateway<{ approval: Approval }>(target, "POST", path, body);
      if (json) return printJson(answer);
      console.log(ok(`Rejected ${id}: order ${answer.approval.clientOrderId} will never be sent.`));
    }),
  );
}

function withTarget(cmd: Command): Command {
  return cmd
    .option("--url <url>", "the running gateway's REST API (default: http://API_HOST:API_PORT)")
    .option("--key-file <path>", "file holding a key with the admin scope (default: API_KEY)");
}

function parseLimit(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 1000) {
    throw new InvalidArgumentError(`--limit must be an integer between 1 and 1000, got '${raw}'`);
  }
  return value;
}

async function run(
  cmd: Command,
  options: TargetOptions,
  fn: (target: GatewayTarget, json: boolean) => Promise<void>,
): Promise<void> {
  const json = globalOptions(cmd).json === true;
  const target = gatewayTarget(requireConfig(cmd, {}, "command", { readKeysFile: false }), options);
  try {
    await fn(target, json);
  } catch (error) {
    if (error instanceof CliExit) throw error;
    printError(error, json);
    throw new CliExit(1);
  }
}

function orderText(a: Approval): string {
  const o = a.order;
  if (o === null) return "(unreadable)";
  const price = o.limitPrice === undefined || o.limitPrice === null ? "" : ` @ ${o.limitPrice}`;
  return `${o.side} ${o.quantity} ${o.instrument.symbol} ${o.orderType}${price}`;
}

function sentText(order: OrderResult): string {
  const state = order.orderStatus?.status ?? order.status;
  return order.orderId === null ? state : `${state} (orderId ${order.orderId})`;
}

function printApproval(a: Approval): void {
  printFields([
    ["Approval", a.approvalId],
    ["Status", a.status],
    ["Order", orderText(a)],
    ["Client order id", a.clientOrderId],
    ["Account", a.order?.accountId],
    ["Requested by", a.requestedBy],
    ["Requested at", a.requestedAt],
    ["Expires at", a.expiresAt],
    ["Reference price", a.preview?.exposure.referencePrice],
    ["Exposure", a.preview?.exposure.exposure],
    ["Warnings", a.preview && a.preview.warnings.length > 0 ? a.preview.warnings.join("; ") : null],
    ["Decided by", a.decidedBy],
    ["Decided at", a.decidedAt],
    ["Reason", a.reason],
    ["Result", a.result === null ? null : `${a.result.status}${a.result.orderId ? ` ${a.result.orderId}` : ""}`],
  ]);
}
