// The approval routes (admin scope only), each a thin mapping to one approval operation. Approving sends an order,
// so it has the order routes' time limit (API_REQUEST_TIMEOUT).
import { ApprovalIdParams, ApproveApprovalBody, RejectApprovalBody } from "../domain/index.js";
import { approveOrder, getApproval, listApprovals, rejectOrder } from "../operations/index.js";
import type { RouteDef } from "./route-def.js";

const tags = ["approvals"];

export const APPROVAL_ROUTES: readonly RouteDef[] = [
  { method: "GET", path: "/approvals", operation: listApprovals, input: "query", tags },
  { method: "GET", path: "/approvals/:approval_id", operation: getApproval, input: "params", tags },
  {
    method: "POST",
    path: "/approvals/:approval_id/approve",
    operation: approveOrder,
    input: "body",
    params: ApprovalIdParams,
    body: ApproveApprovalBody,
    tags,
  },
  {
    method: "POST",
    path: "/approvals/:approval_id/reject",
    operation: rejectOrder,
    input: "body",
    params: ApprovalIdParams,
    body: RejectApprovalBody.nullish(),
    tags,
  },
];
