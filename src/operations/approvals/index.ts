// Public surface of approvals: the operations of the approval routes and the sweeper the composition root starts.
export { approveOrder, getApproval, listApprovals, rejectOrder } from "./approval-operations.js";
export { expireDueApprovals, startApprovalSweeper } from "./sweeper.js";
