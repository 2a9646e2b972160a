// The approval operations behind GET /approvals, GET /approvals/{id} and POST /approvals/{id}/approve|reject: admin
// scope only (scopes.ts), and deliberately not MCP tools — an agent can propose an order, never approve it.
import {
  ApprovalIdParams,
  ApprovalList,
  ApprovalListQuery,
  Approval,
  ApproveResult,
  RejectApprovalBody,
  RejectResult,
} from "../../domain/index.js";
import type { ApprovalRecord } from "../../store/index.js";
import { defineOperation } from "../operation.js";
import { toApproval } from "./answers.js";
import { approve } from "./approve.js";
import { expireIfDue, findApproval, reject } from "./decisions.js";

export const listApprovals = defineOperation({
  name: "list_approvals",
  summary: "Orders waiting for approval, and decided ones (newest first)",
  input: ApprovalListQuery,
  output: ApprovalList,
  needsBroker: false,
  async run(services, { status, limit }) {
    const records = await services.store.listApprovals(status, limit);
    // An approval past its time reads EXPIRED even before the sweeper got to it.
    const current: ApprovalRecord[] = [];
    for (const r of records) current.push((await expireIfDue(services, r)) ?? r);
    return { approvals: current.filter((r) => status === undefined || r.status === status).map(toApproval) };
  },
});

export const getApproval = defineOperation({
  name: "get_approval",
  summary: "One approval: the order, its preview, the decision and the outcome of the send",
  input: ApprovalIdParams,
  output: Approval,
  needsBroker: false,
  async run(services, { approval_id }) {
    const record = await findApproval(services, approval_id);
    return toApproval((await expireIfDue(services, record)) ?? record);
  },
});

export const approveOrder = defineOperation({
  name: "approve_order",
  summary: "Approve a pending order: it goes through the send gate with fresh prices and the placing key's limits",
  input: ApprovalIdParams,
  output: ApproveResult,
  // The send checks the connection itself (a refused send makes the approval FAILED).
  needsBroker: false,
  async run(services, { approval_id }, ctx) {
    const { approval, order } = await approve(services, ctx, approval_id);
    return { approval: toApproval(approval), order };
  },
});

export const rejectOrder = defineOperation({
  name: "reject_order",
  summary: "Reject a pending order: it is never sent",
  input: ApprovalIdParams.extend(RejectApprovalBody.shape),
  output: RejectResult,
  needsBroker: false,
  async run(services, { approval_id, reason }, ctx) {
    return { approval: toApproval(await reject(services, ctx, approval_id, reason ?? null)) };
  },
});
