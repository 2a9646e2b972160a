// Overview: broker connection (with the gaps the stream reported), paper/live, orders enabled, the kill switch
// (a guarded button for admin keys) and today's P&L.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, type Api } from "../api";
import { fmtMoney, fmtTime, signClass } from "../format";
import { useLoad } from "../hooks";
import type { ConnectionEvent, Live } from "../live";
import type { AccountPnl, KillSwitchState, TradingStatus } from "../models";

export function OverviewView({ api, live, canAdmin }: { api: Api; live: Live; canAdmin: boolean }) {
  const status = useLoad(() => api.get<TradingStatus>("/trading-status"), live.tradingTick, 5000);
  const pnl = useLoad(() => api.get<AccountPnl>("/account/pnl?timeframe=INTRADAY"), live.orderTick, 5000);
  const s = status.data;
  return (
    <section aria-labelledby="view-title">
      {status.error !== null && <p class="error">{status.error}</p>}
      <div class="cards">
        <Card title="Broker connection">
          <span class={`badge conn-${s?.connection.state ?? "unknown"}`} data-testid="connection-state">
            {s?.connection.state ?? "…"}
          </span>
          {s && <small> since {fmtTime(s.connection.since)}</small>}
        </Card>
        <Card title="Mode">
          <span class={`badge mode-${s?.tradingMode ?? ""}`} data-testid="trading-mode">
            {s?.tradingMode ?? "…"}
          </span>
          {s && <small> {s.mode}</small>}
        </Card>
        <Card title="Orders enabled">
          <span data-testid="orders-enabled">{s === undefined ? "…" : s.ordersEnabled ? "yes" : "no"}</span>
        </Card>
        <Card title="Today's P&L">
          {pnl.error !== null ? (
            <small class="error">{pnl.error}</small>
          ) : (
            pnl.data && (
              <span data-testid="pnl">
                <span class={signClass(pnl.data.realized + pnl.data.unrealized)}>
                  {fmtMoney(pnl.data.realized + pnl.data.unrealized)} {pnl.data.currency}
                </span>
                <small>
                  {" "}
                  realized {fmtMoney(pnl.data.realized)} · unrealized {fmtMoney(pnl.data.unrealized)}
                </small>
              </span>
            )
          )}
        </Card>
      </div>
      {s && <KillSwitch api={api} state={s.killSwitch} canAdmin={canAdmin} onChanged={status.reload} />}
      <ConnectionGaps events={live.connectionEvents} />
    </section>
  );
}

function Card({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="card">
      <h3>{title}</h3>
      <div>{children}</div>
    </div>
  );
}

function KillSwitch({
  api,
  state,
  canAdmin,
  onChanged,
}: {
  api: Api;
  state: KillSwitchState;
  canAdmin: boolean;
  onChanged(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const turnOn = !state.active;
  // The confirmation step takes the focus (the reason field, or Cancel when releasing); when it closes, confirmed or
  // cancelled, focus returns to the button that opened it.
  const trigger = useRef<HTMLButtonElement>(null);
  const reasonField = useRef<HTMLInputElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) (reasonField.current ?? cancelButton.current)?.focus();
    else if (wasConfirming.current) trigger.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = turnOn
        ? { active: true, reason: reason.trim() === "" ? "dashboard" : reason.trim() }
        : { active: false };
      await api.post("/admin/kill-switch", body);
      setConfirming(false);
      setReason("");
      onChanged();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class={`killswitch ${state.active ? "active" : ""}`}>
      <h3>Kill switch</h3>
      <p data-testid="kill-switch-state">
        {state.active
          ? `ACTIVE since ${fmtTime(state.activatedAt)} (${state.source ?? "?"}): ${state.reason ?? ""}`
          : "off — orders may be sent"}
      </p>
      {canAdmin && !confirming && (
        <button ref={trigger} type="button" class={turnOn ? "danger" : ""} onClick={() => setConfirming(true)}>
          {turnOn ? "Trip kill switch…" : "Release kill switch…"}
        </button>
      )}
      {canAdmin && confirming && (
        <div
          role="group"
          aria-label="Confirm the kill switch change"
          class="confirm"
          onKeyDown={(e) => e.key === "Escape" && !busy && setConfirming(false)}
        >
          <p>
            {turnOn
              ? "Tripping the kill switch cancels every open order and refuses new ones until it is released."
              : "Releasing the kill switch allows orders again."}
          </p>
          {turnOn && (
            <label>
              Reason{" "}
              <input
                id="kill-switch-reason"
                ref={reasonField}
                value={reason}
                placeholder="dashboard"
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </label>
          )}
          <button type="button" class={turnOn ? "danger" : ""} disabled={busy} onClick={() => void confirm()}>
            {turnOn ? "Confirm: trip kill switch" : "Confirm: release kill switch"}
          </button>
          <button ref={cancelButton} type="button" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {error !== null && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Pairs each connection.lost with the connection.restored after it: one gap marker each. */
function ConnectionGaps({ events }: { events: ConnectionEvent[] }) {
  const gaps: { lost: ConnectionEvent; restored: ConnectionEvent | null }[] = [];
  for (const event of events) {
    if (event.type === "connection.lost") gaps.push({ lost: event, restored: null });
    else {
      const open = gaps.at(-1);
      if (open && open.restored === null) open.restored = event;
    }
  }
  return (
    <div>
      <h3>Connection gaps (last 24 h)</h3>
      {gaps.length === 0 ? (
        <p>No broker connection loss recorded.</p>
      ) : (
        <ol class="gaps" data-testid="connection-gaps">
          {gaps.reverse().map((gap) => (
            <li key={gap.lost.time}>
              <span class="gap-marker" aria-hidden="true">
                ▍
              </span>
              lost {fmtTime(gap.lost.time)} ({gap.lost.data.reason ?? "?"}) →{" "}
              {gap.restored
                ? `restored ${fmtTime(gap.restored.time)}${gap.restored.data.dataLost ? ", market data subscriptions lost" : ""}`
                : "not restored yet"}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
