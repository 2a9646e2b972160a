// Approvals queue (admin keys): orders waiting for a person, with their preview (exposure, reference price,
// warnings); approve sends the order through the usual gate, reject records a reason.
import { useState } from "preact/hooks";
import { errorText, type Api } from "../api";
import { fmtMoney, fmtQty, fmtTime } from "../format";
import { useLoad } from "../hooks";
import type { Live } from "../live";
import type { Approval } from "../models";

const STATUSES = ["PENDING", "APPROVED", "REJECTED", "EXPIRED", "FAILED"] as const;

export function ApprovalsView({ api, live }: { api: Api; live: Live }) {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("PENDING");
  const pending = useLoad(
    () => api.get<{ approvals: Approval[] }>(`/approvals?status=${status}&limit=100`),
    `${status} ${live.orderTick}`,
    5000,
  );
  const [message, setMessage] = useState("");

  const decide = async (approval: Approval, verdict: "approve" | "reject", reason?: string) => {
    const path = `/approvals/${encodeURIComponent(approval.approvalId)}/${verdict}`;
    try {
      const answer = await api.post<{ approval: Approval; order?: { status: string; orderId: string | null } }>(
        path,
        verdict === "reject" && reason ? { reason } : {},
      );
      const order = answer.order ? `; order ${answer.order.orderId ?? "-"} ${answer.order.status}` : "";
      setMessage(`${approval.approvalId}: ${answer.approval.status}${order}`);
    } catch (err) {
      setMessage(`${approval.approvalId}: ${errorText(err)}`);
    }
    pending.reload();
  };

  if (pending.error !== null && pending.data === undefined) {
    const missing = pending.error.startsWith("NOT_FOUND");
    return (
      <section aria-labelledby="view-title">
        <p class={missing ? "" : "error"}>
          {missing ? "This gateway has no approvals (GET /approvals is not served)." : pending.error}
        </p>
      </section>
    );
  }
  const list = pending.data?.approvals ?? [];
  return (
    <section aria-labelledby="view-title">
      <p role="status" class="status">
        {message}
      </p>
      <label>
        Show{" "}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as (typeof STATUSES)[number])}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {pending.data && list.length === 0 && (
        <p>{status === "PENDING" ? "No orders wait for approval." : `No ${status.toLowerCase()} approvals.`}</p>
      )}
      <ul class="approvals" data-testid="approvals">
        {list.map((a) => (
          <ApprovalCard key={a.approvalId} approval={a} onDecide={decide} />
        ))}
      </ul>
    </section>
  );
}

function ApprovalCard({
  approval: a,
  onDecide,
}: {
  approval: Approval;
  onDecide(a: Approval, verdict: "approve" | "reject", reason?: string): Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState("");
  const o = a.order;
  const p = a.preview;
  const run = async (verdict: "approve" | "reject") => {
    setBusy(true);
    await onDecide(a, verdict, reason.trim() || undefined);
    setBusy(false);
  };
  const price = [
    o.limitPrice != null ? `limit ${fmtMoney(o.limitPrice)}` : "",
    o.stopPrice != null ? `stop ${fmtMoney(o.stopPrice)}` : "",
  ]
    .filter((s) => s !== "")
    .join(", ");
  const title = `${o.side ?? ""} ${fmtQty(o.quantity)} ${o.instrument?.symbol ?? "?"} ${o.orderType ?? ""}${price ? ` (${price})` : ""}`;
  return (
    <li class="card approval" data-approval-id={a.approvalId}>
      <h3>{title}</h3>
      <dl>
        <dt>Approval</dt>
        <dd>
          <code>{a.approvalId}</code>
        </dd>
        <dt>Requested</dt>
        <dd>
          by {a.requestedBy} at {fmtTime(a.requestedAt)}, expires {fmtTime(a.expiresAt)}
        </dd>
        <dt>Order</dt>
        <dd>
          {o.instrument?.securityType ?? ""} · {o.tif ?? ""} · account {o.accountId ?? "default"}
          <details>
            <summary>Order as placed</summary>
            <code>{JSON.stringify(o)}</code>
          </details>
        </dd>
        {p && (
          <>
            <dt>Exposure</dt>
            <dd>
              {fmtMoney(p.exposure.exposure)} {p.exposure.baseCurrency}
            </dd>
            <dt>Reference price</dt>
            <dd>
              {fmtMoney(p.exposure.referencePrice)} {p.exposure.currency}
              {p.exposure.referenceSource ? ` (${p.exposure.referenceSource})` : ""}
            </dd>
            <dt>Warnings</dt>
            <dd>
              {p.warnings.length === 0 ? (
                "none"
              ) : (
                <ul>
                  {p.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        {a.status !== "PENDING" && (
          <>
            <dt>Decision</dt>
            <dd>
              {a.status}
              {a.decidedBy ? ` by ${a.decidedBy}` : ""}
              {a.decidedAt ? ` at ${fmtTime(a.decidedAt)}` : ""}
              {a.reason ? `: ${a.reason}` : ""}
            </dd>
            {a.result && (
              <>
                <dt>Order result</dt>
                <dd>
                  {a.result.status}, order {a.result.orderId ?? "–"}
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      {a.status === "PENDING" && (
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => void run("approve")}>
            Approve
          </button>
          <label>
            Reason <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} size={20} />
          </label>
          <button type="button" class="danger" disabled={busy} onClick={() => void run("reject")}>
            Reject
          </button>
        </div>
      )}
    </li>
  );
}
